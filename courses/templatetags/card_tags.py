from django import template

from ..thumbnails import CARD_SPEC, rendition

register = template.Library()


@register.filter
def card_rendition(image, spec=CARD_SPEC):
    """A course thumbnail's rendition (card-sized unless `spec` says otherwise; see courses.thumbnails)."""
    return rendition(image, spec)
