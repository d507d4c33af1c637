"""Who may do what on every assessment endpoint (the table style of enrolment's permission matrix).

Roles: a visitor, a student of another course, an instructor of another course, the course's
owner, a moderator and a superuser, and, as the control, a student enrolled in the course.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Submission
from tests.support import client_as
from tests.support.pdfs import minimal_pdf

from .factories import assignment_value, quiz_value, with_blocks

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "other_student", "other_instructor", "owner", "moderator", "admin", "enrolled_student")


@pytest.fixture(autouse=True)
def cheap_test_clients(settings):
    settings.WHITENOISE_AUTOREFRESH = True


def table(**answers):
    everyone = answers.pop("everyone", None)
    expected = {role: answers.get(role, everyone) for role in ROLES}
    assert None not in expected.values(), expected
    return expected


def answers(people, send):
    return {role: send(client_as(user), role).status_code for role, user in people.items()}


@pytest.fixture
def rows(people, course):
    from tests.support import lessons_of

    lesson = lessons_of(course)[0]
    with_blocks(lesson, ("quiz", quiz_value(), "quiz-1"), ("assignment", assignment_value(), "task-1"))
    return lesson.quizzes.get(), lesson.assignments.get()


def test_quiz_detail_is_for_those_who_may_open_the_lesson(people, rows):
    quiz, _ = rows
    assert answers(people, lambda c, _: c.get(f"/api/quizzes/{quiz.pk}/")) == table(
        everyone=403, owner=200, moderator=200, admin=200, enrolled_student=200)


def test_only_enrolled_students_start_and_submit_quizzes(people, rows):
    quiz, _ = rows
    assert answers(people, lambda c, _: c.post(f"/api/quizzes/{quiz.pk}/start/")) == table(
        everyone=403, anonymous=401, enrolled_student=201)
    assert answers(people, lambda c, _: c.post(f"/api/quizzes/{quiz.pk}/submit/", {"answers": []}, format="json")) == table(
        everyone=403, anonymous=401, enrolled_student=200)


def test_attempt_history_is_own_for_students_and_the_courses_for_its_staff(people, rows):
    quiz, _ = rows
    assert answers(people, lambda c, _: c.get(f"/api/quizzes/{quiz.pk}/attempts/")) == table(
        everyone=403, anonymous=401, owner=200, moderator=200, admin=200, enrolled_student=200)


def test_assignment_detail_and_hand_in(people, rows):
    _, assignment = rows
    assert answers(people, lambda c, _: c.get(f"/api/assignments/{assignment.pk}/")) == table(
        everyone=403, owner=200, moderator=200, admin=200, enrolled_student=200)
    hand_in = lambda c, _: c.post(f"/api/assignments/{assignment.pk}/submit/",  # noqa: E731
                                  {"files": [SimpleUploadedFile("b.pdf", minimal_pdf())]}, format="multipart")
    assert answers(people, hand_in) == table(everyone=403, anonymous=401, enrolled_student=201)


def test_only_the_courses_staff_list_every_submission(people, rows):
    _, assignment = rows
    assert answers(people, lambda c, _: c.get(f"/api/assignments/{assignment.pk}/submissions/")) == table(
        everyone=403, anonymous=401, owner=200, moderator=200, admin=200)


def test_only_the_courses_staff_grade(people, rows):
    _, assignment = rows
    student = people["enrolled_student"]
    client_as(student).post(f"/api/assignments/{assignment.pk}/submit/", {"text": "Done"}, format="multipart")
    submission = Submission.objects.get()
    grade = lambda c, _: c.put(f"/api/submissions/{submission.pk}/grade/", {"score": 5}, format="json")  # noqa: E731
    assert answers(people, grade) == table(
        everyone=404, anonymous=401, enrolled_student=403, owner=200, moderator=200, admin=200)


def test_a_hidden_course_hides_its_quizzes_from_everyone_but_its_staff(people, instructor):
    from tests.support import lessons_of, make_course

    draft = make_course(instructor, title="Draft", sections=1, lessons_per_section=1)
    lesson = lessons_of(draft)[0]
    with_blocks(lesson, ("quiz", quiz_value(), "quiz-1"))
    quiz = lesson.quizzes.get()
    draft.unpublish()
    # The course's staff still work on it, as they do on its lessons.
    assert answers(people, lambda c, _: c.get(f"/api/quizzes/{quiz.pk}/")) == table(
        everyone=404, owner=200, moderator=200, admin=200)


def test_admin_screens_are_for_instructors_of_their_own_courses(people, rows):
    from django.test import Client

    _, assignment = rows
    client_as(people["enrolled_student"]).post(f"/api/assignments/{assignment.pk}/submit/", {"text": "Done"},
                                               format="multipart")
    submission = Submission.objects.get()
    course = assignment.lesson.course

    def screen(url):
        def send(_client, role):
            client = Client()
            if people[role]:
                client.force_login(people[role])
            return client.get(url)
        return send

    admin_only = dict(everyone=302, owner=200, moderator=200, admin=200)
    assert answers(people, screen(f"/admin/assessments/submissions/{submission.pk}/grade/")) == table(
        **{**admin_only, "other_instructor": 404})
    assert answers(people, screen(f"/admin/assessments/gradebook/{course.pk}/")) == table(
        **{**admin_only, "other_instructor": 302})
    assert answers(people, screen("/admin/assessments/to-grade/")) == table(
        **{**admin_only, "other_instructor": 200})
