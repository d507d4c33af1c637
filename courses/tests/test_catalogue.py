"""The catalogue: search, filters, pagination, and what it never lists."""

import re
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


# --- search that finds ----------------------------------------------------------------------


@pytest.fixture
def stokvel_courses(instructor):
    money = Category.objects.create(name="Personal finance")
    one = make_course(instructor, title="Saving together", category=money, sections=0,
                      description="<p>How a stokvel works and who keeps the money.</p>")
    many = make_course(instructor, title="Community money", sections=0,
                       description="<p>Burial societies and stokvels compared.</p>")
    return one, many


def test_search_finds_a_word_in_its_other_forms(client, stokvel_courses):
    assert sorted(titles(client.get("/courses/", {"q": "stokvel"}))) == ["Community money", "Saving together"]
    assert sorted(titles(client.get("/courses/", {"q": "stokvels"}))) == ["Community money", "Saving together"]


def test_search_finds_the_beginning_of_a_word_anywhere_in_the_course(client, shelf):
    assert titles(client.get("/courses/", {"q": "budg"})) == ["Budgeting on a student income"]
    assert titles(client.get("/courses/", {"q": "formul"})) == ["Excel formulas that save hours"]
    assert titles(client.get("/courses/", {"q": "spend"})) == ["Budgeting on a student income"]  # description
    assert titles(client.get("/courses/", {"q": "digi"})) == ["Excel formulas that save hours"]  # category


def test_every_word_of_a_search_must_match_but_small_words_need_not(client, shelf):
    assert titles(client.get("/courses/", {"q": "budgeting for students"})) == ["Budgeting on a student income"]
    assert titles(client.get("/courses/", {"q": "budgeting excel"})) == []


def test_whole_word_matches_come_before_word_beginnings(client, instructor):
    make_course(instructor, title="Taxing times", sections=0, description="<p>History.</p>")
    make_course(instructor, title="Tax for freelancers", sections=0, description="<p>Your first return.</p>")
    assert titles(client.get("/courses/", {"q": "tax"})) == ["Tax for freelancers", "Taxing times"]


@pytest.mark.parametrize("word, stem", [
    ("stokvels", "stokvel"), ("stokvel", "stokvel"), ("budgeting", "budget"), ("companies", "compan"),
    ("company", "compan"), ("planned", "plan"), ("shopping", "shop"), ("taxes", "tax"), ("prices", "price"),
    ("business", "business"), ("savings", "sav"), ("photography", "photograph"), ("tax", "tax"), ("budg", "budg"),
])
def test_a_word_is_cut_to_the_beginning_its_other_forms_share(word, stem):
    from courses.catalogue import word_stem

    assert word_stem(word) == stem


def test_the_search_box_suggests_words_that_find_courses(client, shelf):
    response = client.get("/courses/")
    suggestions = response.context["search_suggestions"]
    assert suggestions and all(word.islower() for word in suggestions)
    for word in suggestions:
        assert titles(client.get("/courses/", {"q": word})), word
    placeholder = response.context["search_placeholder"]
    assert placeholder.startswith("e.g. ") and len(placeholder) <= 24
    assert f'placeholder="{placeholder}"' in response.content.decode()


def test_the_search_box_suggests_nothing_when_there_is_nothing_to_find(client, db):
    response = client.get("/courses/")
    assert response.context["search_suggestions"] == [] and "placeholder=" not in response.content.decode()


# --- layout a phone needs ---------------------------------------------------------------------


def test_filters_fold_behind_one_button_that_works_without_javascript(client, shelf):
    html = client.get("/courses/").content.decode()
    panel = html[html.index('<details class="filter-panel">'):html.index("</details>")]
    assert "<summary" in panel and "Filter and sort" in panel
    for name in ("category", "difficulty", "pricing", "ordering"):
        assert f'name="{name}"' in panel
    assert 'name="q"' not in panel  # the search box stays in view


def test_each_course_card_is_one_link_named_by_the_course_title(client, shelf):
    html = client.get("/courses/").content.decode()
    cards = re.findall(r'<article class="card course-card">(.*?)</article>', html, re.S)
    assert len(cards) == 2
    for card in cards:
        links = re.findall(r"<a\b[^>]*>(.*?)</a>", card, re.S)
        assert len(links) == 1 and links[0] in ("Budgeting on a student income", "Excel formulas that save hours")
        assert 'class="card-link"' in card and "<button" not in card
