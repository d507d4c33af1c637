"""Prices in templates: `{{ course.price|rands }}` and `{% price_label course %}`."""

from django import template

from ..pricing import price_label as label_of
from ..pricing import rands as format_rands

register = template.Library()


@register.filter
def rands(amount):
    return format_rands(amount)


@register.simple_tag
def price_label(course):
    return label_of(course)
