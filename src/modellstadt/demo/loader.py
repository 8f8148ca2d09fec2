"""Load the demo city #WolfsburgDigital into the database.

Idempotent: every object is looked up by a natural key (page slug, field number, organisation or body
name, ...) and updated in place, so loading twice creates nothing twice. A page gets a new revision
only when its content actually changed. The rows that belong to a demo object (goals, project
partners, milestones, status updates, info box entries, body memberships) are set to exactly what the
content modules say.
"""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from wagtail.models import Site

from modellstadt.accounts.roles import ensure_field_lead_group, ensure_office_group
from modellstadt.core.text import german_slugify
from modellstadt.demo.content import fields as field_content
from modellstadt.demo.content import governance, news, organisations, portal, projects
from modellstadt.demo.dossier import load_dossier_demo
from modellstadt.demo.participation import load_participation_demo
from modellstadt.demo.partners_area import load_partner_area_demo
from modellstadt.demo.progress import load_progress_demo
from modellstadt.news.models import NewsIndexPage, NewsPostPage
from modellstadt.partners.models import Organisation, PartnerIndexPage
from modellstadt.portal.models import EasyLanguagePage, LegalPage
from modellstadt.portal.services import ensure_portal_structure
from modellstadt.projects.models import Milestone, ProjectIndexPage, ProjectPage
from modellstadt.strategy.models import (
    BodyMembership,
    CooperationFieldPage,
    Decision,
    FieldIndexPage,
    GovernancePage,
    GoverningBody,
    HomePage,
)

PASSWORD_ENV = "MODELLSTADT_DEMO_PASSWORD"
LOGIN_FILE_NAME = "demo-login.txt"


class DemoError(Exception):
    """The database holds something the demo must not overwrite."""


@dataclass
class Result:
    loaded: bool
    counts: dict = field(default_factory=dict)
    logins: list = field(default_factory=list)  # [(username, password or hint)]


# --- entry points ---------------------------------------------------------------------------------


def is_loaded():
    """True if a home page already has cooperation fields (then ``--if-empty`` does nothing)."""
    home = HomePage.objects.first()
    return home is not None and CooperationFieldPage.objects.descendant_of(home).exists()


def load_demo(*, if_empty=False):
    with transaction.atomic():
        if if_empty and is_loaded():
            return Result(loaded=False, counts=demo_counts(), logins=list(read_login_file().items()))
        home = load_portal()
        orgs = load_organisations()
        fields = load_fields(home, orgs)
        project_pages = load_projects(fields, orgs)
        load_governance(fields, project_pages, orgs)
        load_news(home, fields, project_pages)
        logins = load_accounts(home, fields)
        load_participation_demo()  # citizens' ideas, supports, comments (demo/participation.py)
        load_dossier_demo()  # the Bitkom "Digitale Stadt" call, its theme mapping and dossier (demo/dossier.py)
        logins += load_partner_area_demo()  # representative, letters, pledges; keep after the dossier demo
        load_progress_demo()  # indicators, districts, idea locations, self-assessments (demo/progress.py)
    return Result(loaded=True, counts=demo_counts(), logins=logins)


def demo_counts():
    User = get_user_model()
    return {
        "fields": CooperationFieldPage.objects.count(),
        "projects": ProjectPage.objects.count(),
        "organisations": Organisation.objects.count(),
        "news": NewsPostPage.objects.count(),
        "bodies": GoverningBody.objects.count(),
        "memberships": BodyMembership.objects.count(),
        "decisions": Decision.objects.count(),
        "milestones": Milestone.objects.count(),
        "users": User.objects.count(),
    }


# --- generic upserts ------------------------------------------------------------------------------


def _plain(value):
    return value.pk if isinstance(value, models.Model) else value


def _assign(obj, values):
    """Set ``values`` on ``obj``; return True if anything changed."""
    changed = False
    for name, value in values.items():
        attname = obj._meta.get_field(name).attname
        if getattr(obj, attname) != _plain(value):
            setattr(obj, name, value)
            changed = True
    return changed


def _sync_children(parent, relation, keys, rows):
    """Make the child rows of ``parent.<relation>`` (a modelcluster relation) equal ``rows``.

    Existing rows are matched by ``keys`` and updated in place; the change is committed when the parent
    is saved (or its revision published). Returns True if anything changed.
    """
    child_model = parent._meta.get_field(relation).related_model
    names = list(rows[0]) if rows else []
    existing = list(getattr(parent, relation).all()) if parent.pk else []

    def current(obj, name):
        return getattr(obj, child_model._meta.get_field(name).attname)

    now = [tuple(current(o, n) for n in names) for o in existing]
    wanted = [tuple(_plain(row[n]) for n in names) for row in rows]
    if now == wanted:
        return False
    by_key = {tuple(current(o, k) for k in keys): o for o in existing}
    objs = []
    for position, row in enumerate(rows):
        obj = by_key.pop(tuple(_plain(row[k]) for k in keys), None) or child_model()
        for name, value in row.items():
            setattr(obj, name, value)
        obj.sort_order = position
        objs.append(obj)
    setattr(parent, relation, objs)
    return True


def _sync_m2m(obj, name, targets):
    if obj.pk and {o.pk for o in getattr(obj, name).all()} == {t.pk for t in targets}:
        return False
    getattr(obj, name).set(targets)
    return True


def _publish(page):
    page.save_revision().publish()


def sync_page(page, values, *, children=None, m2m=None):
    """Update an existing page; publish a new revision only if something changed or it is not live."""
    changed = _assign(page, values)
    for relation, (keys, rows) in (children or {}).items():
        changed |= _sync_children(page, relation, keys, rows)
    for name, targets in (m2m or {}).items():
        changed |= _sync_m2m(page, name, targets)
    if changed or not page.live or page.has_unpublished_changes:
        _publish(page)
    return page


def upsert_page(parent, queryset, lookup, values, *, children=None, m2m=None):
    """Find the page by ``lookup`` in ``queryset`` (moving it below ``parent`` if needed) or create it."""
    model = queryset.model
    page = queryset.filter(**lookup).first()
    if page is not None and not page.is_child_of(parent):
        page.move(parent, pos="last-child")
        page = model.objects.get(pk=page.pk)
    if page is not None:
        return sync_page(page, values, children=children, m2m=m2m)
    page = model(**lookup, **values)
    page.live = False
    for relation, (keys, rows) in (children or {}).items():
        _sync_children(page, relation, keys, rows)
    for name, targets in (m2m or {}).items():
        setattr(page, name, targets)
    parent.add_child(instance=page)
    _publish(page)
    return page


# --- portal ---------------------------------------------------------------------------------------


def load_portal():
    existing = HomePage.objects.first()
    if existing is not None and existing.city != portal.CITY and is_loaded():
        raise DemoError(
            f"Die Datenbank enthält bereits die Stadt „{existing.city}“ mit Kooperationsfeldern; "
            "die Demo-Stadt wird nicht darübergeladen."
        )
    home = ensure_portal_structure(city=portal.CITY, programme_name=portal.PROGRAMME, vision=portal.HOME["vision"])
    goals = [{"title": title, "description": text} for title, text in portal.GOALS]
    home = sync_page(home, portal.HOME, children={"goals": (("title",), goals)})
    Site.objects.filter(root_page=home).exclude(site_name=portal.PROGRAMME).update(site_name=portal.PROGRAMME)

    intros = [
        (FieldIndexPage, {"intro": portal.FIELD_INDEX_INTRO}),
        (ProjectIndexPage, {"intro": portal.PROJECT_INDEX_INTRO}),
        (PartnerIndexPage, {"intro": portal.PARTNER_INDEX_INTRO}),
        (NewsIndexPage, {"intro": portal.NEWS_INDEX_INTRO}),
        (GovernancePage, {"intro": portal.GOVERNANCE_INTRO, "decision_flow": portal.GOVERNANCE_DECISION_FLOW}),
        (EasyLanguagePage, {"body": portal.EASY_LANGUAGE}),
    ]
    for model, values in intros:
        sync_page(model.objects.child_of(home).get(), values)
    for slug, title, body in portal.LEGAL_PAGES:
        upsert_page(
            home, LegalPage.objects.child_of(home), {"slug": slug},
            {"title": title, "body": body, "last_reviewed": portal.REVIEWED, "editorial_note": portal.LEGAL_NOTE},
        )
    return home


def load_organisations():
    """{name: Organisation} for all demo organisations."""
    result = {}
    for spec in organisations.ORGANISATIONS:
        values = {
            "kind": spec.kind, "description": spec.description, "website": spec.website,
            "contact_email": spec.email, "editorial_note": spec.note,
        }
        org = Organisation.objects.filter(name=spec.name).first()
        if org is None:
            org = Organisation.objects.create(name=spec.name, **values)
        elif _assign(org, values):
            org.save()
        result[spec.name] = org
    return result


# --- fields and projects --------------------------------------------------------------------------


def load_fields(home, orgs):
    """{number: CooperationFieldPage}."""
    index = FieldIndexPage.objects.child_of(home).get()
    result = {}
    for spec in field_content.FIELDS:
        values = {
            "title": spec.title, "slug": spec.slug, "short_description": spec.short,
            "status_description": spec.status, "vision": spec.vision, "lead_person": spec.lead_person,
            "lead_organisation": orgs[spec.lead_org], "colour": spec.colour, "easy_text": spec.easy,
            "is_assumption": spec.is_assumption, "editorial_note": spec.note,
        }
        lookup = {"number": spec.number}
        result[spec.number] = upsert_page(index, CooperationFieldPage.objects.all(), lookup, values)
    return result


def project_slug(spec):
    return spec.slug or german_slugify(spec.title)


def load_projects(fields, orgs):
    """{title: ProjectPage}."""
    result = {}
    for spec in projects.PROJECTS:
        values = {
            "title": spec.title, "summary": spec.summary, "description": spec.description,
            "value_for_citizens": spec.citizens, "value_for_economy": spec.economy, "status": spec.status,
            "start_date": spec.start, "end_date": spec.end, "budget_eur": spec.budget,
            "lead_organisation": orgs[spec.lead] if spec.lead else None,
            "location_label": spec.place.label if spec.place else "",
            "latitude": spec.place.latitude if spec.place else None,
            "longitude": spec.place.longitude if spec.place else None,
            "easy_text": spec.easy, "editorial_note": spec.note,
        }
        partners = [{"organisation": orgs[name], "role": role} for name, role in spec.partners]
        children = {
            "partners": (("organisation",), partners),
            "milestones": (("title",), [{"title": t, "due": due, "done": done} for t, due, done in spec.milestones]),
            "updates": (("date", "title"), [{"date": d, "title": t, "text": text} for d, t, text in spec.updates]),
        }
        page = upsert_page(
            fields[spec.field], ProjectPage.objects.all(), {"slug": project_slug(spec)}, values, children=children
        )
        result[spec.title] = page
    return result


# --- governance and news --------------------------------------------------------------------------


def load_governance(fields, project_pages, orgs):
    bodies = {}
    for spec in governance.BODIES:
        values = {
            "kind": spec.kind, "order": spec.order, "mandate": spec.mandate, "editorial_note": spec.note,
            "field": fields[spec.field] if spec.field else None,
        }
        members = [
            {"person": person, "organisation": orgs[org] if org else None, "role": role}
            for person, org, role in spec.members
        ]
        body = GoverningBody.objects.filter(name=spec.name).first() or GoverningBody(name=spec.name)
        changed = _assign(body, values) | _sync_children(body, "memberships", ("person", "role"), members)
        if changed or body.pk is None:
            body.save()
        bodies[spec.name] = body
    for spec in governance.DECISIONS:
        body = bodies[spec.body]
        decision = Decision.objects.filter(body=body, title=spec.title).first() or Decision(body=body, title=spec.title)
        changed = _assign(decision, {"date": spec.date, "text": spec.text, "editorial_note": spec.note})
        changed |= _sync_m2m(decision, "fields", [fields[n] for n in spec.fields])
        changed |= _sync_m2m(decision, "projects", [project_pages[t] for t in spec.projects])
        if changed:
            decision.save()
    return bodies


def load_news(home, fields, project_pages):
    index = NewsIndexPage.objects.child_of(home).get()
    for spec in news.NEWS:
        values = {
            "title": spec.title, "date": spec.date, "teaser": spec.teaser, "body": spec.body,
            "info_box_title": spec.info_title, "editorial_note": spec.note,
        }
        info = [{"label": label, "url": url, "text": text} for label, url, text in spec.info]
        upsert_page(
            index, NewsPostPage.objects.child_of(index), {"slug": spec.slug}, values,
            children={"info_box": (("label",), info)},
            m2m={
                "related_fields": [fields[n] for n in spec.fields],
                "related_projects": [project_pages[t] for t in spec.projects],
            },
        )


# --- back-office accounts -------------------------------------------------------------------------


def login_file():
    return Path(settings.VAR_DIR) / LOGIN_FILE_NAME


def read_login_file():
    """{username: password} from demo-login.txt ("user: password" lines), empty if there is none."""
    try:
        lines = login_file().read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    entries = {}
    for line in lines:
        username, sep, password = line.partition(":")
        if sep and username.strip() and password.strip():
            entries[username.strip()] = password.strip()
    return entries


def write_login_file(entries):
    path = login_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.writelines(f"{username}: {password}\n" for username, password in entries.items())
    path.chmod(0o600)


def load_accounts(home, fields):
    """Groups for the office and every field lead, and the demo users. Returns [(username, password)].

    A new user gets MODELLSTADT_DEMO_PASSWORD if set, otherwise the password already stored in
    demo-login.txt or a fresh random one (which is then stored). Existing passwords are never changed.
    """
    office = ensure_office_group(home)
    lead_groups = {number: ensure_field_lead_group(page) for number, page in fields.items()}
    env_password = os.environ.get(PASSWORD_ENV, "")
    stored = read_login_file()
    stored_before = dict(stored)
    User = get_user_model()
    logins = []
    for spec in portal.DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={"display_name": spec.display_name, "email": spec.email, "is_active": True},
        )
        if created:
            if env_password:
                user.set_password(env_password)
                stored.pop(spec.username, None)  # a stale entry would print a wrong password
            else:
                stored.setdefault(spec.username, secrets.token_urlsafe(12))
                user.set_password(stored[spec.username])
            user.save()
        user.groups.add(office if spec.field is None else lead_groups[spec.field])
        # Demo addresses count as confirmed, so the accounts can sign in right away.
        EmailAddress.objects.update_or_create(
            user=user, email=spec.email, defaults={"verified": True, "primary": True}
        )
        if spec.username in stored:
            logins.append((spec.username, stored[spec.username]))
        elif env_password:
            logins.append((spec.username, f"(wie in {PASSWORD_ENV} gesetzt)"))
        else:
            logins.append((spec.username, f"(unverändert, nicht in {LOGIN_FILE_NAME})"))
    if stored != stored_before:
        write_login_file(stored)
    return logins

