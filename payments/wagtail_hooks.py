"""Wagtail hooks of the payments app: the buy button's address on course pages."""

from django.urls import reverse
from wagtail import hooks

from courses.extensions import COURSE_CONTEXT

from .services import FOR_SALE


@hooks.register(COURSE_CONTEXT)
def checkout_links(request, course):
    if course.pricing_type in FOR_SALE and course.price:
        return {"checkout_url": reverse("payments:checkout-course", args=[course.pk])}
    return {}
