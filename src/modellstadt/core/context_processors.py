from django.conf import settings


def portal(request):
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "current_path": request.get_full_path(),
    }
