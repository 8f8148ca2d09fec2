"""Portal search over fields, projects, partners and news, with German stemming.

PostgreSQL: German full-text search (to_tsvector('german', ...)), ranked.
SQLite: each query word is reduced to its Snowball German stem ("Ladesäulen" -> "ladesaul") and
matched against the German-normalised text, so plural and inflected forms still find each other.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
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
    from modellstadt.news.models import NewsPostPage
    from modellstadt.partners.models import Organisation
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage

    return [
        ("field", _("Kooperationsfeld"), CooperationFieldPage.objects.live().public(),
         ["title", "short_description", "status_description", "vision"]),
        ("project", _("Projekt"), ProjectPage.objects.live().public(),
         ["title", "summary", "description", "value_for_citizens", "value_for_economy"]),
        ("partner", _("Partner"), Organisation.objects.all(), ["name", "description"]),
        ("news", _("Nachricht"), NewsPostPage.objects.live().public(), ["title", "teaser", "body"]),
    ]


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


def search(query):
    """[(kind, label, [Hit])] for a query; empty query gives []."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    words = stems(query)
    if not words:
        return []
    results = []
    for kind, label, qs, fields in _models():
        if settings.IS_POSTGRES:
            matches = _postgres_filter(qs, fields, query)
        else:
            matches = _fallback_filter(qs, fields, words).order_by(fields[0])
        hits = [
            Hit(kind, label, getattr(obj, fields[0]), _url(obj), plain_text(getattr(obj, fields[1]))[:240])
            for obj in matches[:MAX_RESULTS_PER_KIND]
        ]
        if hits:
            results.append((kind, label, hits))
    return results


def _url(obj):
    return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else obj.get_url()
