from django.shortcuts import render

from modellstadt.portal.search import MAX_QUERY_LENGTH, kinds, search


def search_view(request):
    query = request.GET.get("q", "")
    too_long = len(query) > MAX_QUERY_LENGTH
    available = kinds()
    kind = request.GET.get("typ", "")
    if kind not in {name for name, _label in available}:
        kind = ""  # an unknown type searches everything instead of failing
    results = search(query, kind=kind or None)
    return render(
        request,
        "portal/search.html",
        {
            "query": query[:MAX_QUERY_LENGTH],
            "results": results,
            "hit_count": sum(len(hits) for _k, _l, hits in results),
            "too_long": too_long,
            "kinds": available,
            "kind": kind,
        },
    )
