"""The catalogue: search, filters, pagination, and what it never lists."""

from decimal import Decimal

import pytest

from tests.support import make_course
from courses.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(instructor):
    money = Category.objects.create(name="Personal finance")
    digital = Category.objects.create(name="Digital skills")
    make_course(instructor, title="Budgeting on a student income", category=money, sections=1, lessons_per_section=1,
                description="<p>Track spending and save for the things that matter.</p>")
    make_course(instructor, title="Excel formulas that save hours", category=digital, difficulty="intermediate",
                sections=1, lessons_per_section=1, pricing_type="paid", price=Decimal("349.00"))
    make_course(instructor, title="Unfinished draft", category=money, live=False, sections=1, lessons_per_section=1)
    make_course(instructor, title="Retired course", category=money, is_archived=True, sections=1, lessons_per_section=1)
    return money, digital


def titles(response):
    return [course.title for course in response.context["courses"]]


def test_catalogue_lists_published_courses_only(client, shelf):
    listed = titles(client.get("/courses/"))
    assert listed == ["Budgeting on a student income", "Excel formulas that save hours"]


def test_search_finds_by_words_in_title_and_description(client, shelf):
    assert titles(client.get("/courses/", {"q": "excel"})) == ["Excel formulas that save hours"]
    assert titles(client.get("/courses/", {"q": "spending"})) == ["Budgeting on a student income"]
    response = client.get("/courses/", {"q": "quantum"})
    assert titles(response) == [] and b"No courses match" in response.content


def test_search_never_finds_drafts_or_archived_courses(client, shelf):
    assert titles(client.get("/courses/", {"q": "unfinished"})) == []
    assert titles(client.get("/courses/", {"q": "retired"})) == []


def test_filters_by_category_level_and_price(client, shelf):
    money, digital = shelf
    assert titles(client.get("/courses/", {"category": digital.slug})) == ["Excel formulas that save hours"]
    assert titles(client.get("/courses/", {"difficulty": "intermediate"})) == ["Excel formulas that save hours"]
    assert titles(client.get("/courses/", {"pricing": "free"})) == ["Budgeting on a student income"]
    assert titles(client.get("/courses/", {"pricing": "free", "q": "excel"})) == []


def test_unknown_filter_values_are_ignored_not_errors(client, shelf):
    response = client.get("/courses/", {"difficulty": "wizard", "pricing": "<script>", "page": "lots"})
    assert response.status_code == 200
    assert len(titles(response)) == 2


def test_catalogue_paginates_twelve_a_page(client, instructor):
    for n in range(14):
        make_course(instructor, title=f"Course {n:02d}", sections=1, lessons_per_section=1, chain=False)
    first = client.get("/courses/")
    second = client.get("/courses/", {"page": 2})
    assert len(titles(first)) == 12 and len(titles(second)) == 2
    assert b'rel="next"' in first.content
