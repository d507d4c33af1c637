"""Query counts do not grow with the number of lessons in a course or students enrolled in it.

Each test measures the same request against a small and a big setup and asserts the counts are
equal. The courses are built once per module (a 60-lesson course takes a moment) inside a
transaction that is rolled back when the module is done; each test adds its own students inside
its own (nested) transaction.
"""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from tests.support import make_course, make_user, lessons_of
from courses.models import Category
from enrolment.models import Enrolment, LessonProgress


@pytest.fixture(autouse=True)
def cheap_test_clients(settings):
    # Each new test client loads the middleware, and WhiteNoise then indexes every static file
    # (~50 ms). These tests fetch no static files, so let WhiteNoise look files up lazily instead.
    settings.WHITENOISE_AUTOREFRESH = True


# A learner's course page, lesson page and lesson API: at most this many queries (issue #9), whatever
# the course's size or its number of students. The course's structure, routes, view restrictions
# and roles come from the cache; the enrolment, completions and block progress are read live.
STUDENT_PAGE_BUDGET = 12
SMALL_LESSONS = 5
BIG_LESSONS = 60
BIG_STUDENTS = 200
DONE = 3  # the measuring student has completed this many lessons and opens the next one


def _complete_first(user, course, enrolment, count):
    LessonProgress.objects.bulk_create(
        LessonProgress(user=user, lesson=lesson, enrolment=enrolment, status=LessonProgress.Status.COMPLETED)
        for lesson in lessons_of(course)[:count]
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        owner = make_user("qc-owner@example.com", "Instructors", first_name="Query", last_name="Counter")
        learner = make_user("qc-learner@example.com", "Students", first_name="Lerato", last_name="Mokoena")
        small_cat = Category.objects.create(name="QC small")
        big_cat = Category.objects.create(name="QC big")
        small = make_course(
            owner, title="QC small course", sections=1, lessons_per_section=SMALL_LESSONS, category=small_cat
        )
        big = make_course(
            owner, title="QC big course", sections=6, lessons_per_section=BIG_LESSONS // 6, category=big_cat
        )
        for course in (small, big):
            enrolment = Enrolment.objects.create(user=learner, course=course)
            _complete_first(learner, course, enrolment, DONE)
        yield {
            "owner": owner, "learner": learner, "small": small, "big": big, "small_cat": small_cat, "big_cat": big_cat,
        }
        transaction.set_rollback(True)


def add_students(course, how_many):
    """Enrol `how_many` more students, each with some progress, in a few queries."""
    first = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"bulk{first + n}@example.com", first_name="Bulk", last_name=str(n), password="!")
        for n in range(how_many)
    )
    enrolments = Enrolment.objects.bulk_create(Enrolment(user=user, course=course) for user in users)
    lessons = lessons_of(course)[:DONE]
    LessonProgress.objects.bulk_create(
        LessonProgress(user=e.user, lesson=lesson, enrolment=e, status=LessonProgress.Status.COMPLETED)
        for e in enrolments
        for lesson in lessons
    )
    assert Enrolment.objects.filter(course=course).count() == how_many + 1


def count_queries(client, url):
    """Queries for one GET of url, after a warm-up request (caches, first-visit rows)."""
    warm = client.get(url)
    assert warm.status_code == 200, (url, warm.status_code)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response


@pytest.fixture
def learner_client(world, db):
    client = Client()
    client.force_login(world["learner"])
    return client


def lesson_to_open(course):
    return lessons_of(course)[DONE]


# --- the JSON API -----------------------------------------------------------------------------


def test_course_list_api_query_count_does_not_grow_with_lessons_per_course(world, learner_client):
    small, small_body = count_queries(learner_client, f"/api/courses/?category={world['small_cat'].slug}")
    big, big_body = count_queries(learner_client, f"/api/courses/?category={world['big_cat'].slug}")
    assert [c["title"] for c in small_body.json()["results"]] == ["QC small course"]
    assert [c["title"] for c in big_body.json()["results"]] == ["QC big course"]
    assert small == big


def test_course_list_api_query_count_does_not_grow_with_enrolled_students(world, learner_client):
    url = f"/api/courses/?category={world['small_cat'].slug}"
    one, one_body = count_queries(learner_client, url)
    add_students(world["small"], BIG_STUDENTS - 1)
    many, many_body = count_queries(learner_client, url)
    assert one_body.json()["results"][0]["student_count"] == 1
    assert many_body.json()["results"][0]["student_count"] == BIG_STUDENTS
    assert one == many


def test_lesson_detail_api_query_count_does_not_grow_with_lessons_per_course(world, learner_client):
    small, small_body = count_queries(learner_client, f"/api/lessons/{lesson_to_open(world['small']).pk}/")
    big, big_body = count_queries(learner_client, f"/api/lessons/{lesson_to_open(world['big']).pk}/")
    assert small_body.json()["is_locked"] is False and big_body.json()["is_locked"] is False
    assert small == big <= STUDENT_PAGE_BUDGET


def test_lesson_detail_api_query_count_does_not_grow_with_enrolled_students(world, learner_client):
    url = f"/api/lessons/{lesson_to_open(world['small']).pk}/"
    one, _ = count_queries(learner_client, url)
    add_students(world["small"], BIG_STUDENTS - 1)
    many, _ = count_queries(learner_client, url)
    assert one == many <= STUDENT_PAGE_BUDGET


# --- the HTML pages ---------------------------------------------------------------------------


def test_course_page_query_count_does_not_grow_with_lessons_per_course(world, learner_client):
    small, small_page = count_queries(learner_client, world["small"].url)
    big, big_page = count_queries(learner_client, world["big"].url)
    for page, total in ((small_page, SMALL_LESSONS), (big_page, BIG_LESSONS)):
        outline = page.context["outline"]
        assert (outline.total, outline.completed_count, outline.enrolment is not None) == (total, DONE, True)
    assert small == big <= STUDENT_PAGE_BUDGET


def test_course_page_query_count_does_not_grow_with_enrolled_students(world, learner_client):
    one, _ = count_queries(learner_client, world["small"].url)
    add_students(world["small"], BIG_STUDENTS - 1)
    many, _ = count_queries(learner_client, world["small"].url)
    assert one == many <= STUDENT_PAGE_BUDGET


def test_lesson_page_query_count_does_not_grow_with_lessons_per_course(world, learner_client):
    small_lesson, big_lesson = lesson_to_open(world["small"]), lesson_to_open(world["big"])
    small, small_page = count_queries(learner_client, small_lesson.url)
    big, big_page = count_queries(learner_client, big_lesson.url)
    for page, total in ((small_page, SMALL_LESSONS), (big_page, BIG_LESSONS)):
        assert page.context["outline"].total == total
        assert not page.context["state"].is_locked and not page.context["state"].is_completed
    assert small == big <= STUDENT_PAGE_BUDGET


def test_lesson_page_query_count_does_not_grow_with_enrolled_students(world, learner_client):
    url = lesson_to_open(world["small"]).url
    one, _ = count_queries(learner_client, url)
    add_students(world["small"], BIG_STUDENTS - 1)
    many, _ = count_queries(learner_client, url)
    assert one == many <= STUDENT_PAGE_BUDGET


# --- writes ask the gate once -----------------------------------------------------------------

# Measured at 4e354ff, before the lesson gate: 16 and 29. Since the caches of issue #9 both stay
# within STUDENT_PAGE_BUDGET; a rise is a regression to look at, not to re-record.
BUDGET = {"lesson_api": STUDENT_PAGE_BUDGET, "lesson_page": STUDENT_PAGE_BUDGET}


@pytest.fixture
def outline_builds(monkeypatch):
    """A list that gets one entry per course outline built (the gate's most expensive step)."""
    from enrolment import access

    builds = []
    real = access.course_outline

    def counted(user, course):
        builds.append(course.pk)
        return real(user, course)

    monkeypatch.setattr(access, "course_outline", counted)
    return builds


@pytest.mark.parametrize("request_kind", ["heartbeat", "complete", "html_complete"])
def test_writes_build_the_outline_once(world, learner_client, outline_builds, request_kind):
    lesson = lesson_to_open(world["small"])
    if request_kind == "heartbeat":
        response = learner_client.put(
            f"/api/lessons/{lesson.pk}/progress/", {"time_spent": 3}, content_type="application/json")
        assert response.status_code == 200
    elif request_kind == "complete":
        response = learner_client.post(f"/api/lessons/{lesson.pk}/complete/")
        assert response.status_code == 200 and response.json()["is_completed"]
    else:
        assert learner_client.post(f"/lessons/{lesson.pk}/complete/").status_code == 302
        assert LessonProgress.objects.get(user=world["learner"], lesson=lesson).is_completed
    assert outline_builds == [world["small"].pk]


def test_lesson_api_and_page_stay_within_their_recorded_budget(world, learner_client):
    lesson = lesson_to_open(world["big"])
    api, _ = count_queries(learner_client, f"/api/lessons/{lesson.pk}/")
    page, _ = count_queries(learner_client, lesson.url)
    assert api <= BUDGET["lesson_api"] and page <= BUDGET["lesson_page"], (api, page)


# --- a page view writes nothing it need not -------------------------------------------------------

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.mark.parametrize("kind", ["page", "api"])
def test_opening_a_lesson_twice_within_a_minute_writes_nothing_the_second_time(world, learner_client, kind):
    lesson = lesson_to_open(world["small"])
    url = lesson.url if kind == "page" else f"/api/lessons/{lesson.pk}/"
    assert writes_of(learner_client, url)  # the first opening records it: the resume point moves here
    enrolment = Enrolment.objects.get(user=world["learner"], course=world["small"])
    assert enrolment.last_lesson_id == lesson.pk
    assert writes_of(learner_client, url) == []


def test_reopening_a_lesson_after_a_few_minutes_records_it_again(world, learner_client):
    from datetime import timedelta

    from django.utils import timezone

    lesson = lesson_to_open(world["small"])
    learner_client.get(lesson.url)
    long_ago = timezone.now() - timedelta(minutes=10)
    Enrolment.objects.filter(user=world["learner"], course=world["small"]).update(last_accessed_at=long_ago)
    LessonProgress.objects.filter(user=world["learner"], lesson=lesson).update(last_accessed_at=long_ago)
    assert writes_of(learner_client, lesson.url)
    assert Enrolment.objects.get(user=world["learner"], course=world["small"]).last_accessed_at > long_ago
    assert LessonProgress.objects.get(user=world["learner"], lesson=lesson).last_accessed_at > long_ago


def test_opening_another_lesson_moves_the_resume_point_at_once(world, learner_client):
    first, second = lessons_of(world["small"])[DONE - 1:DONE + 1]  # a completed lesson, then the next
    learner_client.get(first.url)
    learner_client.get(second.url)
    assert Enrolment.objects.get(user=world["learner"], course=world["small"]).last_lesson_id == second.pk
    learner_client.get(first.url)
    assert Enrolment.objects.get(user=world["learner"], course=world["small"]).last_lesson_id == first.pk


# What a warm learner request costs now (2026-12-07), test settings (database sessions: one query
# of each is the session row, which production keeps in Redis; then the enrolment with its
# completions; the lesson API reads no lesson row either: served_page). A rise is a regression to look
# at; a fall, a number to lower here.
RECORDED = {"course page": 2, "lesson page": 2, "lesson api": 2}


def test_learner_requests_cost_what_was_recorded(world, learner_client):
    lesson = lesson_to_open(world["small"])
    measured = {
        "course page": count_queries(learner_client, world["small"].url)[0],
        "lesson page": count_queries(learner_client, lesson.url)[0],
        "lesson api": count_queries(learner_client, f"/api/lessons/{lesson.pk}/")[0],
    }
    assert measured == RECORDED
