"""The pages the benchmark measures, chosen from the generated data (needs Django set up).

The heaviest representatives are chosen on purpose: the field with the most projects, and the
project with the longest timeline (milestones + status updates). Run as a script it prints them as
JSON for bench/run.py.
"""

import json

MEASURED_STATUS = "pilot"


def largest_field():
    from django.db.models import Count, Q

    from modellstadt.strategy.models import CooperationFieldPage

    return (
        CooperationFieldPage.objects.live()
        .annotate(n=Count("projects", filter=Q(projects__live=True)))
        .order_by("-n", "number").first()
    )


def heaviest_project():
    from django.db.models import Count

    from modellstadt.projects.models import ProjectPage

    return (
        ProjectPage.objects.live()
        .annotate(m=Count("milestones", distinct=True), u=Count("updates", distinct=True))
        .order_by("-m", "-u", "id").first()
    )


def target_urls():
    """[(label, path)] of the measured pages, in table order."""
    field = largest_field()
    project = heaviest_project()
    return [
        ("Startseite", "/"),
        ("Themenfeld", field.url),
        ("Projektliste, Seite 1", "/projekte/"),
        ("Projektliste gefiltert", f"/projekte/?feld={field.slug}&status={MEASURED_STATUS}&sortierung=beginn"),
        ("Projektseite", project.url),
    ]


def extra_urls():
    """Further pages the generator checks once (not measured)."""
    from modellstadt.news.models import NewsPostPage
    from modellstadt.partners.models import Organisation

    post = NewsPostPage.objects.live().order_by("-date").first()
    org = Organisation.objects.order_by("id").first()
    return [
        ("Themenfelder", "/themenfelder/"),
        ("Projektliste, Seite 10", "/projekte/?seite=10&sortierung=neueste"),
        ("Aktuelles", "/aktuelles/"),
        ("Nachricht", post.url),
        ("Partner", "/partner/"),
        ("Organisation", org.get_absolute_url()),
        ("Steuerung", "/steuerung/"),
        ("Leichte Sprache", "/leichte-sprache/"),
        ("Suche", "/suche/?q=Plattform"),
    ]


def describe():
    """Facts about the chosen pages, for the report."""
    field = largest_field()
    project = heaviest_project()
    return {
        "field": {"title": field.title, "projects": field.n},
        "project": {
            "title": project.title, "milestones": project.m, "updates": project.u,
            "partners": project.partners.count(),
        },
    }


if __name__ == "__main__":
    import common

    common.setup_django(common.database_url())
    print(json.dumps({"targets": target_urls(), "facts": describe()}, ensure_ascii=False))
