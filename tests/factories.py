"""Small builders for test data, written against the models (no fixtures files)."""

import datetime
import itertools

from modellstadt.news.models import InfoBoxEntry, NewsIndexPage, NewsPostPage
from modellstadt.partners.models import Organisation
from modellstadt.projects.models import Milestone, ProjectPage, ProjectPartner, StatusUpdate
from modellstadt.strategy.models import CooperationFieldPage, FieldIndexPage

_seq = itertools.count(1)


def organisation(name=None, kind="private_company", **extra):
    return Organisation.objects.create(name=name or f"Organisation {next(_seq)}", kind=kind, **extra)


def field(number=None, title=None, **extra):
    number = number or next(_seq)
    index = FieldIndexPage.objects.get()
    defaults = {
        "short_description": f"Kurzbeschreibung {number}",
        "status_description": "Heute gibt es **wenig** davon.",
        "vision": "Morgen gibt es mehr.",
    }
    defaults.update(extra)
    return index.add_child(instance=CooperationFieldPage(title=title or f"Feld {number}", number=number, **defaults))


def project(parent_field, title=None, *, partners=(), milestones=0, updates=0, **extra):
    n = next(_seq)
    defaults = {
        "summary": f"Kurzfassung {n}",
        "description": "Beschreibung des Projekts.",
        "value_for_citizens": "Nutzen für Menschen.",
        "value_for_economy": "Nutzen für Firmen.",
        "status": "pilot",
    }
    defaults.update(extra)
    page = parent_field.add_child(instance=ProjectPage(title=title or f"Projekt {n}", **defaults))
    for org, role in partners:
        ProjectPartner.objects.create(project=page, organisation=org, role=role)
    for i in range(milestones):
        Milestone.objects.create(project=page, title=f"Meilenstein {i}", due=datetime.date(2024, 1, 1 + i % 28),
                                 done=i % 2 == 0)
    for i in range(updates):
        StatusUpdate.objects.create(project=page, title=f"Meldung {i}", date=datetime.date(2024, 2, 1 + i % 28),
                                    text="Es geht voran.")
    return page


def news_post(title=None, *, info=(), **extra):
    index = NewsIndexPage.objects.get()
    n = next(_seq)
    defaults = {"teaser": f"Anreißer {n}", "body": "Text der Nachricht."}
    defaults.update(extra)
    post = index.add_child(instance=NewsPostPage(title=title or f"Nachricht {n}", **defaults))
    for label, url in info:
        InfoBoxEntry.objects.create(post=post, label=label, url=url)
    return post
