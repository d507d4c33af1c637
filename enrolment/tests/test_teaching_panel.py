"""The admin dashboard shows instructors their courses: students, completions and what waits for them."""

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection

from courses.review import submit_course
from enrolment.models import Enrolment
from enrolment.teaching_panel import teaching_rows
from tests.support import make_course, make_user

pytestmark = pytest.mark.django_db


def enrol_many(course, count, completed=0):
    from django.utils import timezone

    for n in range(count):
        user = make_user(f"learner{course.pk}-{n}@example.com", "Students")
        Enrolment.objects.create(user=user, course=course, completed_at=timezone.now() if n < completed else None)


def test_the_dashboard_lists_my_courses_with_students_and_completion(client, instructor, other_instructor):
    mine = make_course(instructor, title="Budgeting basics", sections=1, lessons_per_section=1)
    make_course(other_instructor, title="Someone else's", sections=1, lessons_per_section=1)
    enrol_many(mine, 4, completed=1)
    client.force_login(instructor)
    html = client.get("/admin/").content.decode()
    assert "Your courses" in html and "Budgeting basics" in html and "Someone else" not in html
    row = teaching_rows(instructor)[0]
    assert (row["students"], row["completed"], row["completion"]) == (4, 1, 25)


def test_what_waits_for_the_instructor_is_named(instructor, moderator):
    draft = make_course(instructor, title="Draft course", sections=1, lessons_per_section=1, live=False)
    live = make_course(instructor, title="Live course", sections=1, lessons_per_section=1)
    submitted = make_course(instructor, title="Submitted course", sections=1, lessons_per_section=1, live=False)
    submit_course(submitted, instructor)
    waiting = {row["course"].title: row["waiting"] for row in teaching_rows(instructor)}
    assert waiting == {"Draft course": "Changes not yet submitted", "Live course": "", "Submitted course": "In review"}
    assert draft and live


def test_the_panel_costs_the_same_queries_for_few_and_many_students(instructor):
    courses = [make_course(instructor, title=f"Course {n}", sections=1, lessons_per_section=1) for n in range(3)]
    enrol_many(courses[0], 1)
    teaching_rows(instructor)  # the user's roles are read once and kept on the user
    with CaptureQueriesContext(connection) as few:
        teaching_rows(instructor)
    enrol_many(courses[1], 30, completed=10)
    with CaptureQueriesContext(connection) as many:
        teaching_rows(instructor)
    assert len(few) == len(many)


def test_students_see_no_teaching_panel(client, student):
    client.force_login(student)
    assert client.get("/admin/").status_code in (302, 403)
