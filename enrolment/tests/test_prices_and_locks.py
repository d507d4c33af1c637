"""Prices read as people write them, and every locked lesson says how to open it."""

from decimal import Decimal

import pytest

from courses.pricing import PricingType, rands
from tests.support import lessons_of, make_course

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("amount,text", [
    ("499.00", "R499"), ("1299.00", "R1,299"), ("49.50", "R49.50"), ("0.00", "R0"),
])
def test_prices_read_as_people_write_them(amount, text):
    assert rands(Decimal(amount)) == text


@pytest.mark.parametrize("pricing,price,shown", [
    (PricingType.PAID, "499.00", "R499"),
    (PricingType.SUBSCRIPTION, "0.00", "Subscription"),
    (PricingType.BOTH, "349.00", "R349 or subscription"),
])
def test_catalogue_and_course_page_show_the_price_without_a_zero_for_subscriptions(client, instructor, pricing, price, shown):
    course = make_course(instructor, sections=1, lessons_per_section=1, pricing_type=pricing, price=Decimal(price))
    for url in ("/courses/", course.url):
        html = client.get(url).content.decode()
        assert shown in html, url
        assert "R0.00" not in html and "R499.00" not in html and "R349.00" not in html, url


def test_a_subscription_course_page_says_it_is_included_in_a_subscription(client, instructor):
    course = make_course(instructor, sections=1, lessons_per_section=1, pricing_type=PricingType.SUBSCRIPTION)
    html = client.get(course.url).content.decode()
    assert "Included in a subscription" in html


@pytest.mark.parametrize("pricing,price,words", [
    (PricingType.FREE, "0.00", "Enrol in the course to open this lesson."),
    (PricingType.PAID, "499.00", "Buy the course to open this lesson."),
    (PricingType.SUBSCRIPTION, "0.00", "Subscribe to open this lesson."),
    (PricingType.BOTH, "349.00", "Buy the course or subscribe to open this lesson."),
])
def test_a_locked_lesson_says_how_to_get_access(client, student, instructor, pricing, price, words):
    course = make_course(instructor, sections=1, lessons_per_section=1, pricing_type=pricing, price=Decimal(price))
    client.force_login(student)
    response = client.get(lessons_of(course)[0].url)
    assert response.status_code == 403
    html = response.content.decode()
    assert words in html
    if pricing != PricingType.FREE:
        assert "Enrol" not in html


def test_every_locked_lesson_in_the_outline_tells_a_visitor_why(client, instructor):
    course = make_course(instructor, sections=1, lessons_per_section=3, pricing_type=PricingType.PAID, price=Decimal("499"))
    html = client.get(course.url).content.decode()
    assert html.count("Log in and buy to open") == 3
