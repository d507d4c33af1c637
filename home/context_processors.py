from django.conf import settings


def site_navigation(request):
    """Links the header needs on every page, without a query per page."""
    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME, "COURSES_URL": "/courses/"}
