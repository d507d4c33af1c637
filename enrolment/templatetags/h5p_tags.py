"""Template helpers for the H5P block (templates/blocks/h5p.html)."""

from urllib.parse import urlparse

from django import template

from ..h5p_access import player_url
from ..models import BlockProgress
from .lesson_access import access_in

register = template.Library()


@register.simple_tag(takes_context=True)
def h5p_progress(context, lesson, block_id):
    """The student's BlockProgress for this block, or None (not enrolled, nothing recorded yet).

    Uses what the lesson page already loaded (`block_progress`, `requirements`) when it can.
    """
    if not context.get("tracking") or lesson is None:
        return None
    rows = context.get("block_progress")
    if isinstance(rows, dict):  # the lesson page loads every block's progress in one query
        return rows.get(block_id)
    for requirement in context.get("requirements") or []:
        if requirement.block_id == block_id:
            return requirement.progress
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if not getattr(user, "is_authenticated", False):
        return None
    return BlockProgress.objects.filter(user=user, lesson=lesson, block_id=block_id).first()


@register.simple_tag(takes_context=True)
def h5p_player_url(context, lesson, block_id, package):
    """The sandboxed player's URL (with a fresh token) if this visitor may open the lesson, else "".

    The lesson page has already asked the gate (`access` in its context); elsewhere we ask it.
    """
    if lesson is None or package is None or not package.unpacked_to:
        return ""
    access = access_in(context, lesson)
    if access is None or not access.may_open:
        return ""
    return player_url(access.user, lesson, block_id, package)


@register.filter
def url_host(url):
    """`https://example.h5p.com/content/1/embed` -> `example.h5p.com`."""
    return (urlparse(url or "").hostname or "").lower()


@register.filter
def whole_percent(value):
    """A Decimal percentage as a whole number for people: 66.67 -> 67."""
    if value is None:
        return ""
    return int(round(float(value)))
