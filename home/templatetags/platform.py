"""The platform's name as the site settings give it (Settings > Platform settings), for any template."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag(takes_context=True)
def platform_name(context):
    from home.models import PlatformSettings

    request = context.get("request")
    if request is not None:
        try:
            return PlatformSettings.for_request(request).platform_name or settings.WAGTAIL_SITE_NAME
        except Exception:  # no Site matches this host (e.g. a test client's): the configured name
            pass
    return settings.WAGTAIL_SITE_NAME
