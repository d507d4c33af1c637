"""The catalogue's sort menu (/courses/?ordering=...): newest, most students, price, best match.

Here rather than in courses/tests: "most students" needs enrolments, and the content room's tests
import nothing from the learning room."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from enrolment.services import enrol
from tests.support import make_course

pytestmark = pytest.mark.django_db


def titles(response):
    return [course.title for course in response.context["courses"]]


@pytest.fixture
def priced_shelf(instructor, student, other_student):
    old = make_course(instructor, title="Old favourite", sections=1, lessons_per_section=1)
    cheap = make_course(instructor, title="Cheap course", sections=1, lessons_per_section=1,
                        pricing_type="paid", price=Decimal("99.00"))
    dear = make_course(instructor, title="Dear course", sections=1, lessons_per_section=1,
                       pricing_type="paid", price=Decimal("999.00"))
    now = timezone.now()
    for days, course in [(30, old), (20, dear), (10, cheap)]:
        type(course).objects.filter(pk=course.pk).update(first_published_at=now - timedelta(days=days))
    enrol(student, old)
    enrol(other_student, old)
    return old, cheap, dear


@pytest.mark.parametrize("ordering, expected", [
    ("", ["Cheap course", "Dear course", "Old favourite"]),
    ("newest", ["Cheap course", "Dear course", "Old favourite"]),
    ("popular", ["Old favourite", "Cheap course", "Dear course"]),
    ("price", ["Old favourite", "Cheap course", "Dear course"]),
    ("-price", ["Dear course", "Cheap course", "Old favourite"]),
    ("relevance", ["Cheap course", "Dear course", "Old favourite"]),  # not searching: by title
    ("cheapest-first", ["Cheap course", "Dear course", "Old favourite"]),  # unknown: the default
])
def test_catalogue_sorts_by_newest_popular_and_price(client, priced_shelf, ordering, expected):
    assert titles(client.get("/courses/", {"ordering": ordering})) == expected


def test_the_sort_menu_offers_best_match_when_searching_and_title_order_otherwise(client, priced_shelf):
    plain = client.get("/courses/").content.decode()
    searching = client.get("/courses/", {"q": "course"}).content.decode()
    assert '<option value="" selected>Title A–Z</option>' in plain and "Best match" not in plain
    assert "(1 active)" not in client.get("/courses/", {"ordering": "relevance"}).content.decode()
    assert '<option value="" selected>Best match</option>' in searching
    chosen = client.get("/courses/", {"ordering": "-price"}).content.decode()
    assert '<option value="-price" selected>Price: high to low</option>' in chosen
    assert "Filter and sort <span class=\"filter-count\">(1 active)</span>" in chosen
