from django import template

from ..thumbnails import rendition

register = template.Library()


@register.filter
def card_rendition(image):
    """The card-sized rendition of a course thumbnail (see courses.thumbnails)."""
    return rendition(image)
