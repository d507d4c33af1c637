"""Template helpers for the account pages (templates/account/)."""

from django import template

from .. import verification

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_address(context):
    """The address a verification link was just sent to (the visitor's own), or ""."""
    request = context.get("request")
    return verification.waiting_address(request) if request else ""
