from django.shortcuts import render

from modellstadt.core.search import MAX_QUERY_LENGTH, search


def search_view(request):
    query = request.GET.get("q", "")
    too_long = len(query) > MAX_QUERY_LENGTH
    results = search(query)
    return render(
        request,
        "core/search.html",
        {
            "query": query[:MAX_QUERY_LENGTH],
            "results": results,
            "hit_count": sum(len(hits) for _k, _l, hits in results),
            "too_long": too_long,
        },
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
