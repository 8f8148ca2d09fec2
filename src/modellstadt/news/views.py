from django.template.response import TemplateResponse

from modellstadt.core.paging import paginate
from modellstadt.news.selectors import published_posts


def news_list(request, page):
    context = page.get_context(request)
    context["page_obj"] = paginate(request, published_posts().select_related("image").defer("body"), per_page=10)
    return TemplateResponse(request, "news/news_index_page.html", context)
