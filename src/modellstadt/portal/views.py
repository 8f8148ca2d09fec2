from django.shortcuts import render

from modellstadt.portal.search import MAX_QUERY_LENGTH, search


def search_view(request):
    query = request.GET.get("q", "")
    too_long = len(query) > MAX_QUERY_LENGTH
    results = search(query)
    return render(
        request,
        "portal/search.html",
        {
            "query": query[:MAX_QUERY_LENGTH],
            "results": results,
            "hit_count": sum(len(hits) for _k, _l, hits in results),
            "too_long": too_long,
        },
    )
