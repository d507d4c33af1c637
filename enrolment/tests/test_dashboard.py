""""My learning" says Start, Continue (with the right lesson) or Review, from the student's first visit."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enrolment.dashboard import dashboard_rows
from enrolment.services import complete_lesson, enrol
from tests.support import lessons_of, make_course

pytestmark = pytest.mark.django_db


def buttons(client):
    html = client.get("/dashboard/").content.decode()
    return re.findall(r'<a class="btn [^"]+" href="([^"]+)">([^<]+)</a>', html)


def test_a_course_not_begun_says_start_and_opens_the_first_lesson(client, student, instructor):
    course = make_course(instructor, sections=2, lessons_per_section=2)
    enrol(student, course)
    client.force_login(student)
    assert buttons(client) == [(lessons_of(course)[0].url, "Start the course")]


def test_a_course_half_done_says_continue_with_the_next_lesson_to_do(client, student, instructor):
    course = make_course(instructor, sections=2, lessons_per_section=2)  # each lesson requires the one before
    enrol(student, course)
    lessons = lessons_of(course)
    complete_lesson(student, lessons[0])
    complete_lesson(student, lessons[1])
    client.force_login(student)
    assert buttons(client) == [(lessons[2].url, "Continue: Lesson 2.1")]


def test_a_finished_course_says_review(client, student, instructor):
    course = make_course(instructor, sections=1, lessons_per_section=2)
    enrol(student, course)
    for lesson in lessons_of(course):
        complete_lesson(student, lesson)
    client.force_login(student)
    assert buttons(client) == [(course.url, "Review the course")]


def test_progress_made_before_the_first_visit_counts(client, student, instructor):
    # E.g. lessons completed through the API or by an import, with no "last opened" lesson recorded.
    course = make_course(instructor, sections=1, lessons_per_section=3)
    enrolment, _ = enrol(student, course)
    complete_lesson(student, lessons_of(course)[0])
    enrolment.refresh_from_db()
    enrolment.last_lesson = None
    enrolment.save()
    client.force_login(student)
    assert buttons(client) == [(lessons_of(course)[1].url, "Continue: Lesson 1.2")]


def test_the_dashboard_costs_the_same_queries_for_one_and_many_courses(student, instructor):
    first = make_course(instructor, title="One", sections=1, lessons_per_section=2)
    enrol(student, first)
    dashboard_rows(student)
    with CaptureQueriesContext(connection) as one:
        dashboard_rows(student)
    for n in range(4):
        course = make_course(instructor, title=f"More {n}", sections=2, lessons_per_section=3)
        enrol(student, course)
        complete_lesson(student, lessons_of(course)[0])
    with CaptureQueriesContext(connection) as five:
        rows = dashboard_rows(student)
    assert len(rows) == 5 and len(one) == len(five)
