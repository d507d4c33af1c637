"""Anonymous visitors share cached pages; every change they should see reaches the next one.

The catalogue, course pages and `GET /api/courses/` are kept for anonymous visitors
(`lms_site.visitor_cache`); `X-Visitor-Cache` says "stored" on the answer that filled the cache
and "hit" on one served from it.
"""

import pytest
from django.test import Client

from enrolment.models import Enrolment
from enrolment.services import enrol
from tests.support import lessons_of, make_course

pytestmark = pytest.mark.django_db

CATALOGUE = "/courses/"


def visit(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    return response


def cached_twice(url):
    """Fill the cache and check the second anonymous visit is served from it."""
    assert visit(url).headers.get("X-Visitor-Cache") == "stored"
    second = visit(url)
    assert second.headers.get("X-Visitor-Cache") == "hit"
    return second


def publish(page, **changes):
    """Change a page as an editor does: a new revision, published."""
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


# --- what changes reaches the next visitor ------------------------------------------------------


def test_a_published_title_reaches_the_next_visitor_of_the_catalogue_and_the_course_page(course):
    assert "Budgeting basics" in cached_twice(CATALOGUE).content.decode()
    cached_twice(course.url)
    publish(course, title="Budgeting for students")
    for url in (CATALOGUE, course.url):
        page = visit(url).content.decode()
        assert "Budgeting for students</" in page and "Budgeting basics</" not in page


def test_an_unpublished_course_leaves_the_catalogue_the_api_and_its_page(course):
    cached_twice(CATALOGUE)
    cached_twice(course.url)
    cached_twice("/api/courses/")
    course.unpublish()
    assert "Budgeting basics" not in visit(CATALOGUE).content.decode()
    assert visit(course.url).status_code == 404
    assert visit("/api/courses/").json()["results"] == []


def test_an_archived_course_leaves_the_catalogue_and_the_api_list(course):
    cached_twice(CATALOGUE)
    cached_twice("/api/courses/")
    publish(course, is_archived=True)
    assert "Budgeting basics" not in visit(CATALOGUE).content.decode()
    assert visit("/api/courses/").json()["results"] == []


def test_a_moved_lesson_shows_in_its_new_place_on_the_course_page(course):
    first, *_, last = lessons_of(course)
    page = cached_twice(course.url).content.decode()
    assert page.index(first.title) < page.index(last.title)
    first.move(last.get_parent(), pos="last-child")
    page = visit(course.url).content.decode()
    assert page.index(last.title) < page.index(first.title)


def test_a_new_enrolment_changes_the_student_count_visitors_see(course, student, other_student):
    assert cached_twice("/api/courses/").json()["results"][0]["student_count"] == 0
    assert "0 students" in cached_twice(CATALOGUE).content.decode()
    enrol(student, course)
    assert visit("/api/courses/").json()["results"][0]["student_count"] == 1
    assert "1 student<" in visit(CATALOGUE).content.decode()
    Enrolment.objects.filter(user=student).get().delete()
    assert visit("/api/courses/").json()["results"][0]["student_count"] == 0


def test_an_instructors_new_bio_reaches_visitors_of_their_course_page(course, instructor):
    cached_twice(course.url)
    instructor.bio = "Twenty years of teaching household budgets in Soweto."
    instructor.save()
    assert "Twenty years of teaching household budgets" in visit(course.url).content.decode()


# --- keyed on everything that varies -----------------------------------------------------------


def test_catalogue_pages_are_kept_per_ordering_and_page_number(instructor, category):
    from datetime import timedelta

    from django.utils import timezone

    from courses.models import CoursePage

    for n in range(14):  # two pages of twelve, the later the newer
        made = make_course(instructor, title=f"Course {n:02d}", sections=1, lessons_per_section=1, category=category)
        CoursePage.objects.filter(pk=made.pk).update(first_published_at=timezone.now() - timedelta(days=30 - n))
    by_title = cached_twice(CATALOGUE).content.decode()
    second_page = cached_twice(f"{CATALOGUE}?page=2").content.decode()
    newest = cached_twice(f"{CATALOGUE}?ordering=newest").content.decode()
    assert "Course 00" in by_title and "Course 13" not in by_title
    assert "Course 00" not in second_page and "Course 13" in second_page
    assert "Course 00" not in newest and newest.index("Course 13") < newest.index("Course 12")


def test_the_anonymous_course_list_is_kept_per_ordering(instructor, category, student):
    cheap = make_course(instructor, title="Cheap course", category=category)
    dear = make_course(instructor, title="Dear course", category=category)
    publish(dear, pricing_type="paid", price="499.00")
    publish(cheap, pricing_type="paid", price="49.00")
    enrol(student, make_course(instructor, title="Free course", category=category))
    titles = {
        ordering: [c["title"] for c in cached_twice(f"/api/courses/?ordering={ordering}").json()["results"]]
        for ordering in ("price", "-price", "popular")
    }
    assert titles["price"][-2:] == ["Cheap course", "Dear course"]
    assert titles["-price"][:2] == ["Dear course", "Cheap course"]
    assert titles["popular"][0] == "Free course"


# --- never another person's page ---------------------------------------------------------------


def test_a_signed_in_student_never_gets_the_visitors_cached_page(course, student):
    enrol(student, course)
    cached_twice(course.url)
    client = Client()
    client.force_login(student)
    page = client.get(course.url)
    assert "X-Visitor-Cache" not in page.headers
    assert "Log out" in page.content.decode() and "Sign up to enrol" not in page.content.decode()
    listed = client.get("/api/courses/")
    assert "X-Visitor-Cache" not in listed.headers and listed.json()["results"][0]["is_enrolled"] is True


def test_a_signed_in_students_page_is_never_stored_for_visitors(course, student):
    client = Client()
    client.force_login(student)
    client.get(course.url)
    client.get(CATALOGUE)
    for url in (course.url, CATALOGUE):
        page = visit(url)
        assert page.headers.get("X-Visitor-Cache") == "stored"  # a fresh anonymous page, not the student's
        text = page.content.decode()
        assert "Log out" not in text and student.email not in text and "csrfmiddlewaretoken" not in text


def test_a_visitor_with_a_session_or_messages_is_served_live(course):
    cached_twice(course.url)
    for cookie in ("sessionid", "messages"):
        client = Client()
        client.cookies[cookie] = "anything"
        assert "X-Visitor-Cache" not in client.get(course.url).headers


def test_an_api_caller_with_a_token_is_served_live(course, student):
    from accounts.tokens import issue_tokens

    cached_twice("/api/courses/")
    token = issue_tokens(student).access_token
    listed = Client().get("/api/courses/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert listed.status_code == 200 and "X-Visitor-Cache" not in listed.headers


def test_a_page_that_sets_a_cookie_is_never_stored(course):
    login = Client().get("/accounts/login/")  # a form with a CSRF token and cookie
    assert login.status_code == 200 and "X-Visitor-Cache" not in login.headers


def test_visitor_cache_off_with_zero_seconds(course, settings):
    settings.VISITOR_CACHE_SECONDS = 0
    assert "X-Visitor-Cache" not in visit(CATALOGUE).headers
    assert "X-Visitor-Cache" not in visit(CATALOGUE).headers

