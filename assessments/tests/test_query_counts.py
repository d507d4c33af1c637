"""The quiz API, the grading queue and the gradebook take as many queries for a big class as for a small one."""

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments.models import Submission
from enrolment.services import enrol
from tests.support import client_as, make_user

from .factories import assignment_value, question, quiz_value, single, with_blocks

pytestmark = pytest.mark.django_db


def count(send):
    with CaptureQueriesContext(connection) as queries:
        response = send()
    assert response.status_code in (200, 201), response.content[:300]
    return len(queries)


def many_questions(n):
    return [single(qid=f"q{i}") for i in range(n)] + [question("short_answer", accepted="x", qid="short")]


@pytest.mark.parametrize("path", ["", "start/", "submit/", "attempts/"])
def test_quiz_api_queries_do_not_grow_with_questions(student, instructor, path):
    from tests.support import lessons_of, make_course

    course = make_course(instructor, title="Open order", chain=False)
    enrolled = student
    enrol(student, course)
    small, large = lessons_of(course)[0], lessons_of(course)[1]
    with_blocks(small, ("quiz", quiz_value(many_questions(2), max_attempts=0), "quiz-s"))
    with_blocks(large, ("quiz", quiz_value(many_questions(40), max_attempts=0), "quiz-l"))
    client = client_as(enrolled)
    counts = []
    for lesson in (small, large):
        quiz = lesson.quizzes.get()
        client.get(f"/api/quizzes/{quiz.pk}/")  # warm the session and content types
        if path == "submit/":
            body = {"answers": [{"question_id": "short", "text": "x"}]}
            counts.append(count(lambda: client.post(f"/api/quizzes/{quiz.pk}/submit/", body, format="json")))
        elif path == "start/":
            counts.append(count(lambda: client.post(f"/api/quizzes/{quiz.pk}/start/")))
        else:
            counts.append(count(lambda: client.get(f"/api/quizzes/{quiz.pk}/{path}")))
    assert counts[0] == counts[1]


def class_of(course, n, start=0):
    students = [make_user(f"s{start + i}@example.com", django_settings.STUDENTS_GROUP) for i in range(n)]
    for student in students:
        enrol(student, course)
    return students


def fill(course, assignment, quiz, students):
    for student in students:
        client = client_as(student)
        client.post(f"/api/quizzes/{quiz.pk}/submit/", {"answers": []}, format="json")
        client.post(f"/api/assignments/{assignment.pk}/submit/", {"text": "Work"}, format="multipart")


def test_grading_queue_and_gradebook_queries_do_not_grow_with_students_or_submissions(instructor, course):
    from tests.support import lessons_of

    lesson = lessons_of(course)[0]
    with_blocks(lesson, ("quiz", quiz_value(), "quiz-1"), ("assignment", assignment_value(), "task-1"))
    quiz, assignment = lesson.quizzes.get(), lesson.assignments.get()
    admin = Client()
    admin.force_login(instructor)
    admin.get("/admin/assessments/to-grade/")

    fill(course, assignment, quiz, class_of(course, 2))
    few = [count(lambda: admin.get("/admin/assessments/to-grade/")),
           count(lambda: admin.get(f"/admin/assessments/gradebook/{course.pk}/")),
           count(lambda: admin.get(f"/admin/assessments/gradebook/{course.pk}/?export=csv")),
           count(lambda: client_as(instructor).get(f"/api/assignments/{assignment.pk}/submissions/"))]
    fill(course, assignment, quiz, class_of(course, 8, start=10))
    assert Submission.objects.count() == 10
    many = [count(lambda: admin.get("/admin/assessments/to-grade/")),
            count(lambda: admin.get(f"/admin/assessments/gradebook/{course.pk}/")),
            count(lambda: admin.get(f"/admin/assessments/gradebook/{course.pk}/?export=csv")),
            count(lambda: client_as(instructor).get(f"/api/assignments/{assignment.pk}/submissions/"))]
    assert few == many


def test_a_lesson_page_adds_a_few_queries_per_quiz_or_assignment_whatever_their_size(enrolled, course):
    """Quiz: its row and the student's attempts; assignment: its row, versions and their files."""
    from django.test import Client as PageClient

    from tests.support import lessons_of

    lesson = lessons_of(course)[0]
    client = PageClient()
    client.force_login(enrolled)
    client.get(lesson.url)
    plain = count(lambda: client.get(lesson.url))
    with_blocks(lesson, ("quiz", quiz_value(), "quiz-1"), ("assignment", assignment_value(), "task-1"))
    client.post(f"/assignments/{lesson.assignments.get().pk}/submit/", {"text": "Work"})
    client.post(f"/quizzes/{lesson.quizzes.get().pk}/start/")
    # Each measure follows one warm-up view: the first view after a publish rebuilds the cached route
    # and course structure (lms_site.routing, courses.structure) once for everyone.
    client.get(lesson.url)
    small = count(lambda: client.get(lesson.url))
    with_blocks(lesson, ("quiz", quiz_value(many_questions(30)), "quiz-1"), ("assignment", assignment_value(), "task-1"))
    client.get(lesson.url)
    large = count(lambda: client.get(lesson.url))
    assert small == large <= plain + 6
