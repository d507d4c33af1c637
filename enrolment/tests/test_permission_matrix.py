"""Who may do what on every API endpoint.

Roles: a visitor (anonymous), a student of another course, an instructor of another course, the
course's owner, a moderator and a superuser (the two kinds of admin), and, as the control, a
student enrolled in the course. Each test sends the same request as every role (session auth,
as the site's own pages do) and compares the whole table at once, so a failure shows every
role's answer side by side.
"""

import pytest
from rest_framework_simplejwt.tokens import RefreshToken

from tests.support import client_as, lessons_of, make_course
from courses.models import CoursePage
from enrolment.models import Enrolment, LessonProgress


@pytest.fixture(autouse=True)
def cheap_test_clients(settings):
    # Each new test client loads the middleware, and WhiteNoise then indexes every static file
    # (~50 ms). These tests fetch no static files, so let WhiteNoise look files up lazily instead.
    settings.WHITENOISE_AUTOREFRESH = True


ROLES = ("anonymous", "other_student", "other_instructor", "owner", "moderator", "admin", "enrolled_student")


def table(**answers):
    """Expected answers for every role; `everyone=` fills the roles not named."""
    everyone = answers.pop("everyone", None)
    expected = {role: answers.get(role, everyone) for role in ROLES}
    assert None not in expected.values(), expected
    return expected


def answers(people, send):
    """{role: status code} for send(client, role) made as each role."""
    return {role: send(client_as(user), role).status_code for role, user in people.items()}


# --- auth and schema --------------------------------------------------------------------------


def test_everyone_may_read_the_api_schema_and_docs(people):
    assert answers(people, lambda c, _: c.get("/api/schema/")) == table(everyone=200)
    assert answers(people, lambda c, _: c.get("/api/docs/")) == table(everyone=200)


def test_every_signed_in_person_may_log_out_their_own_refresh_token(people):
    def logout(client, role):
        owner = people[role] or people["enrolled_student"]  # a visitor presents someone's token
        return client.post("/api/auth/logout/", {"refresh": str(RefreshToken.for_user(owner))}, format="json")

    assert answers(people, logout) == table(everyone=205, anonymous=401)


# --- courses ----------------------------------------------------------------------------------


def test_everyone_may_list_the_catalogue(people):
    assert answers(people, lambda c, _: c.get("/api/courses/")) == table(everyone=200)


def test_everyone_may_read_a_published_course_and_its_sections(people, course):
    assert answers(people, lambda c, _: c.get(f"/api/courses/{course.pk}/")) == table(everyone=200)
    assert answers(people, lambda c, _: c.get(f"/api/courses/{course.pk}/sections/")) == table(everyone=200)


def test_only_owner_and_admins_may_read_a_draft_course(people, instructor):
    draft = make_course(instructor, title="Draft", live=False, sections=1, lessons_per_section=1)
    expected = table(everyone=404, owner=200, moderator=200, admin=200)

    assert answers(people, lambda c, _: c.get(f"/api/courses/{draft.pk}/")) == expected
    assert answers(people, lambda c, _: c.get(f"/api/courses/{draft.pk}/sections/")) == expected


def test_sections_open_every_lesson_to_staff_the_first_to_its_student_and_none_to_others(people, course):
    def open_lessons(role):
        sections = client_as(people[role]).get(f"/api/courses/{course.pk}/sections/").json()
        return sum(1 for s in sections for lesson in s["lessons"] if not lesson["is_locked"])

    assert {role: open_lessons(role) for role in ROLES} == table(
        everyone=0, owner=6, moderator=6, admin=6, enrolled_student=1
    )


def test_instructors_and_admins_may_create_courses_students_and_visitors_may_not(people):
    def create(client, role):
        return client.post("/api/courses/", {"title": f"New by {role}", "description": "Fresh."}, format="json")

    assert answers(people, create) == table(
        anonymous=401, other_student=403, enrolled_student=403, other_instructor=201, owner=201, moderator=201, admin=201
    )
    assert set(CoursePage.objects.filter(title__startswith="New by").values_list("title", flat=True)) == {
        "New by other_instructor", "New by owner", "New by moderator", "New by admin",
    }


@pytest.mark.parametrize("method", ["put", "patch"])
def test_only_owner_and_admins_may_edit_a_course(people, course, method):
    def edit(client, role):
        body = {"title": f"Edited by {role}", "description": "Changed."}
        return getattr(client, method)(f"/api/courses/{course.pk}/", body, format="json")

    assert answers(people, edit) == table(
        anonymous=401, other_student=403, enrolled_student=403, other_instructor=403, owner=200, moderator=200, admin=200
    )
    editors = {r.user.email for r in CoursePage.objects.get(pk=course.pk).revisions.exclude(user=None)}
    assert editors == {"naledi@example.com", "mod@example.com", "admin@example.com"}


def test_only_admins_may_delete_a_published_course(people, instructor):
    courses = {
        role: make_course(instructor, title=f"Course {role}", sections=1, lessons_per_section=1) for role in ROLES
    }

    assert answers(people, lambda c, role: c.delete(f"/api/courses/{courses[role].pk}/")) == table(
        anonymous=401, other_student=403, enrolled_student=403, other_instructor=403, owner=403, moderator=204, admin=204
    )
    assert set(CoursePage.objects.filter(title__startswith="Course ").values_list("title", flat=True)) == {
        f"Course {role}" for role in ROLES if role not in ("moderator", "admin")
    }


def test_only_owner_and_admins_may_delete_a_draft_course(people, instructor):
    drafts = {role: make_course(instructor, title=f"Draft {role}", live=False, sections=0) for role in ROLES}

    assert answers(people, lambda c, role: c.delete(f"/api/courses/{drafts[role].pk}/")) == table(
        anonymous=401, other_student=404, enrolled_student=404, other_instructor=404, owner=204, moderator=204, admin=204
    )


# --- enrolment --------------------------------------------------------------------------------


def test_every_signed_in_person_may_enrol_in_a_published_free_course(people, course):
    assert answers(people, lambda c, _: c.post(f"/api/courses/{course.pk}/enroll/")) == table(
        everyone=201, anonymous=401, enrolled_student=200
    )
    assert Enrolment.objects.filter(course=course).count() == len(ROLES) - 1


def test_my_enrollments_shows_each_person_only_their_own(people, course, other_course):
    def mine(role):
        response = client_as(people[role]).get("/api/me/enrollments/")
        return response.status_code, [e["course_id"] for e in response.json().get("results", [])]

    assert {role: mine(role) for role in ROLES} == table(
        everyone=(200, []), anonymous=(401, []), other_student=(200, [other_course.pk]),
        enrolled_student=(200, [course.pk]),
    )


# --- lessons ----------------------------------------------------------------------------------


def test_only_enrolled_students_owner_and_admins_may_open_a_lesson(people, course):
    first = lessons_of(course)[0]

    assert answers(people, lambda c, _: c.get(f"/api/lessons/{first.pk}/")) == table(
        everyone=403, owner=200, moderator=200, admin=200, enrolled_student=200
    )


def test_everyone_may_open_a_preview_lesson(people, course):
    first = lessons_of(course)[0]
    first.is_preview = True
    first.save()

    assert answers(people, lambda c, _: c.get(f"/api/lessons/{first.pk}/")) == table(everyone=200)


def test_only_the_enrolled_student_may_report_progress(people, course):
    first = lessons_of(course)[0]

    def beat(client, _):
        return client.put(f"/api/lessons/{first.pk}/progress/", {"time_spent": 10}, format="json")

    assert answers(people, beat) == table(everyone=403, anonymous=401, enrolled_student=200)
    assert list(LessonProgress.objects.values_list("user__email", flat=True)) == ["thandi@example.com"]


def test_only_the_enrolled_student_may_complete_a_lesson(people, course):
    first = lessons_of(course)[0]

    assert answers(people, lambda c, _: c.post(f"/api/lessons/{first.pk}/complete/")) == table(
        everyone=403, anonymous=401, enrolled_student=200
    )
    assert list(LessonProgress.objects.values_list("user__email", "status")) == [("thandi@example.com", "completed")]
