from django import template

from ..services import wants_optional_emails

register = template.Library()


@register.simple_tag
def optional_emails_on(user):
    return wants_optional_emails(user)
