from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page=None):
    """Page of ``queryset`` from ``?seite=``; a malformed or too large number gives the nearest page."""
    paginator = Paginator(queryset, per_page or settings.MODELLSTADT_PAGE_SIZE)
    return paginator.get_page(request.GET.get("seite"))
