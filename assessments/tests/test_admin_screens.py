"""The "To grade" queue, the grading screen and the gradebook with its exports, in Wagtail's admin."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from assessments.models import Submission
from enrolment.services import enrol
from tests.support import client_as, lessons_of

from .factories import assignment_value, quiz_value, with_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded_course(course, student, other_student):
    lesson = lessons_of(course)[0]
    with_blocks(lesson, ("quiz", quiz_value(), "quiz-1"), ("assignment", assignment_value(), "task-1"))
    student.first_name = "=HYPERLINK(\"https://evil.example\",\"x\")"
    student.save()
    for person in (student, other_student):
        enrol(person, course)
        client_as(person).post(f"/api/assignments/{lesson.assignments.get().pk}/submit/", {"text": "Mine"},
                               format="multipart")
    client_as(student).post(f"/api/quizzes/{lesson.quizzes.get().pk}/submit/", {"answers": []}, format="json")
    return course


def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_queue_lists_own_courses_submissions_oldest_first_and_filters_by_course(graded_course, instructor,
                                                                                  other_instructor, other_course):
    page = admin_client(instructor).get("/admin/assessments/to-grade/")
    assert page.status_code == 200
    waiting = list(Submission.objects.order_by("submitted_at"))
    body = page.content.decode()
    assert body.index(f"/admin/assessments/submissions/{waiting[0].pk}/grade/") < body.index(
        f"/admin/assessments/submissions/{waiting[1].pk}/grade/")
    assert "2 submissions waiting" in body
    filtered = admin_client(instructor).get(f"/admin/assessments/to-grade/?course={graded_course.pk}")
    assert "2 submissions waiting" in filtered.content.decode()
    other = admin_client(other_instructor).get("/admin/assessments/to-grade/")
    assert "Nothing to grade" in other.content.decode()


def test_grading_with_the_rubric_sums_the_levels_and_the_student_sees_the_feedback(graded_course, instructor, student):
    submission = Submission.objects.get(user=student)
    client = admin_client(instructor)
    screen = client.get(f"/admin/assessments/submissions/{submission.pk}/grade/")
    assert b"Completeness" in screen.content and b"Mine" in screen.content
    response = client.post(f"/admin/assessments/submissions/{submission.pk}/grade/",
                           {"criterion-0": "0", "criterion-1": "1", "feedback": "Check your sums.", "grade": "1"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.score, submission.feedback) == ("graded", 14, "Check your sums.")
    lesson_page = admin_client(student).get(submission.assignment.lesson.url).content.decode()
    assert "Score: 14 of 20" in lesson_page and "Check your sums." in lesson_page


def test_a_direct_score_above_max_is_refused_on_the_grading_screen(graded_course, instructor, student):
    submission = Submission.objects.get(user=student)
    response = admin_client(instructor).post(f"/admin/assessments/submissions/{submission.pk}/grade/",
                                             {"score": "21", "feedback": "", "grade": "1"})
    assert response.status_code == 400 and b"from 0 to 20" in response.content
    submission.refresh_from_db()
    assert submission.status == "submitted" and submission.score is None


def test_return_for_resubmission(graded_course, instructor, student):
    submission = Submission.objects.get(user=student)
    admin_client(instructor).post(f"/admin/assessments/submissions/{submission.pk}/grade/",
                                  {"feedback": "Add your rent.", "return": "1"})
    submission.refresh_from_db()
    assert submission.status == "returned"
    page = admin_client(student).get(submission.assignment.lesson.url).content.decode()
    assert "Returned for resubmission" in page and "Hand in a new version" in page


def test_the_gradebook_shows_students_by_assessments_and_exports_neutralised_csv_and_xlsx(graded_course, instructor):
    client = admin_client(instructor)
    page = client.get(f"/admin/assessments/gradebook/{graded_course.pk}/").content.decode()
    assert "Budget check" in page and "Your monthly budget" in page and "To grade" in page
    exported = client.get(f"/admin/assessments/gradebook/{graded_course.pk}/?export=csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:2] == ["Student", "Email"] and rows[0][-2:] == ["Completion (%)", "Last activity"]
    names = [r[0] for r in rows[1:]]
    assert any(name.startswith("'=HYPERLINK") for name in names)
    assert not any(name.startswith("=") for name in names)
    xlsx = client.get(f"/admin/assessments/gradebook/{graded_course.pk}/?export=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK") for v in cells)
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)


def test_a_quiz_with_delayed_feedback_can_have_its_answers_released(course, instructor):
    lesson = lessons_of(course)[0]
    with_blocks(lesson, ("quiz", quiz_value(feedback="delayed"), "quiz-1"))
    quiz = lesson.quizzes.get()
    client = admin_client(instructor)
    assert "Release the answers" in client.get(f"/admin/assessments/gradebook/{course.pk}/").content.decode()
    client.post(f"/admin/assessments/gradebook/{course.pk}/", {"release": quiz.pk})
    quiz.refresh_from_db()
    assert quiz.answers_released_at is not None


def test_question_banks_are_shared_with_co_instructors_only(instructor, other_instructor, course):
    from assessments.viewsets import banks_for

    from .factories import make_bank

    mine = make_bank(instructor)
    theirs = make_bank(other_instructor, name="Spreadsheet questions")
    assert list(banks_for(instructor)) == [mine]
    course.instructor = other_instructor
    course.save()
    assert set(banks_for(instructor)) == {mine, theirs}
    assert admin_client(instructor).get("/admin/snippets/assessments/questionbank/").status_code == 200
