"""Portal search over everything the public may read, with German stemming: fields, projects,
partners, news, ideas, participation processes, decisions, comments and open datasets. Ideas and
comments are searched through their visibility rules (``visible_ideas``, ``visible_comments``), so
hidden, pending, withdrawn and deleted contributions are never found.

PostgreSQL: German full-text search (to_tsvector('german', ...)), ranked.
SQLite: each query word is reduced to its Snowball German stem ("Ladesäulen" -> "ladesaul") and
matched against the German-normalised text, so plural and inflected forms still find each other.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from modellstadt.core.stemming import stem_pattern, stems
from modellstadt.core.text import plain_text

MAX_QUERY_LENGTH = 200
MAX_RESULTS_PER_KIND = 20


@dataclass
class Hit:
    kind: str
    kind_label: str
    title: str
    url: str
    snippet: str


def _models():
    """(kind, label, queryset, searched fields, url function) per kind; the first field is the title,
    the second the snippet."""
    from modellstadt.comments.models import Comment, visible_comments
    from modellstadt.comments.selectors import target_url
    from modellstadt.ideas.models import Idea, Process
    from modellstadt.news.models import NewsPostPage
    from modellstadt.opendata.selectors import published as published_datasets
    from modellstadt.partners.models import Organisation
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage, Decision

    return [
        ("field", _("Kooperationsfeld"), CooperationFieldPage.objects.live().public(),
         ["title", "short_description", "status_description", "vision"], _url),
        ("project", _("Projekt"), ProjectPage.objects.live().public(),
         ["title", "summary", "description", "value_for_citizens", "value_for_economy"], _url),
        ("idea", _("Idee"), Idea.objects.visible(), ["title", "description"], _url),
        ("process", _("Beteiligungsverfahren"), Process.objects.all(), ["title", "description"], _url),
        ("partner", _("Partner"), Organisation.objects.all(), ["name", "description"], _url),
        ("news", _("Nachricht"), NewsPostPage.objects.live().public(), ["title", "teaser", "body"], _url),
        ("decision", _("Beschluss"), Decision.objects.select_related("body"), ["title", "text"],
         lambda d: "/steuerung/#decisions-title"),
        ("comment", _("Kommentar"),
         Comment.objects.filter(visible_comments()).select_related("idea", "project", "news_post"),
         ["text", "text"], lambda c: f"{target_url(c.target)}#kommentar-{c.pk}"),
        ("dataset", _("Datensatz"), published_datasets(), ["title", "description"], _url),
    ]


def kinds():
    """[(kind, label)] of everything the search covers, for the result-type filter."""
    return [(kind, label) for kind, label, *_rest in _models()]


def _postgres_filter(qs, fields, query):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector(*fields, config="german")
    sq = SearchQuery(query, config="german", search_type="websearch")
    return qs.annotate(rank=SearchRank(vector, sq)).filter(rank__gt=0).order_by("-rank")


def _fallback_filter(qs, fields, words):
    condition = Q()
    for stem in words:
        pattern = stem_pattern(stem)
        word_q = Q()
        for field in fields:
            word_q |= Q(**{f"{field}__iregex": pattern})
        condition &= word_q
    return qs.filter(condition)


def search(query, kind=None):
    """[(kind, label, [Hit])] for a query; empty query gives []. ``kind`` limits it to one result type."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    words = stems(query)
    if not words:
        return []
    results = []
    for name, label, qs, fields, url in _models():
        if kind and name != kind:
            continue
        if settings.IS_POSTGRES:
            matches = _postgres_filter(qs, fields, query)
        else:
            matches = _fallback_filter(qs, fields, words).order_by(fields[0])
        hits = [
            Hit(name, label, Truncator(plain_text(getattr(obj, fields[0]))).chars(120), url(obj),
                plain_text(getattr(obj, fields[1]))[:240])
            for obj in matches[:MAX_RESULTS_PER_KIND]
        ]
        if hits:
            results.append((name, label, hits))
    return results


def _url(obj):
    return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else obj.get_url()
