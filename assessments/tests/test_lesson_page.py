"""The quiz and assignment on the lesson page: forms that work without JavaScript, light on mobile data."""

import pytest
from django.test import Client

from assessments.models import QuizAttempt
from tests.support import lessons_of

from .factories import assignment_value, quiz_lesson, quiz_value, single, with_blocks

pytestmark = pytest.mark.django_db

LESSON_BUDGET = 60 * 1024


@pytest.fixture
def browser_client(enrolled):
    client = Client()
    client.force_login(enrolled)
    return client


def test_a_student_takes_the_quiz_with_plain_forms(browser_client, enrolled, quiz):
    lesson = quiz.lesson
    page = browser_client.get(lesson.url).content.decode()
    assert "Start the quiz" in page and "Which of these is a need?" not in page
    browser_client.post(f"/quizzes/{quiz.pk}/start/")
    page = browser_client.get(lesson.url).content.decode()
    attempt = QuizAttempt.objects.get(user=enrolled)
    assert "Which of these is a need?" in page and 'name="attempt_id"' in page
    assert "correct" not in page.split("quiz-form")[1].split("</form>")[0]  # no answer key in the form
    answers = {"attempt_id": attempt.pk}
    for q in attempt.snapshot["questions"]:
        if q["type"] == "short_answer":
            answers[f"t-{q['id']}"] = "Income"
        else:
            answers[f"q-{q['id']}"] = [o["id"] for o in q["options"] if o["correct"]]
    response = browser_client.post(f"/quizzes/{quiz.pk}/submit/", answers, follow=True)
    text = response.content.decode()
    assert "You scored 100% and passed" in text and "passed ✓" in text and "Completed" in text


def test_a_refusal_is_shown_on_the_lesson_page(browser_client, course):
    _, quiz = quiz_lesson(course, quiz_value(max_attempts=1))
    browser_client.post(f"/quizzes/{quiz.pk}/submit/", {})  # no attempt id, untimed: one step
    response = browser_client.post(f"/quizzes/{quiz.pk}/start/", follow=True)
    assert "You have used all 1 attempts" in response.content.decode()


def test_a_visitor_and_a_stranger_get_404_or_a_login_from_the_forms(client, other_student, quiz):
    assert client.post(f"/quizzes/{quiz.pk}/start/").status_code == 302  # to the login page
    client.force_login(other_student)
    response = client.post(f"/quizzes/{quiz.pk}/start/", follow=True)
    assert "Enrol in the course" in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_a_lesson_with_a_long_quiz_in_progress_and_an_assignment_costs_under_60_kib(browser_client, course, settings,
                                                                                    tmp_path):
    from tests.support.weight import page_weight

    settings.MEDIA_ROOT = tmp_path / "media"
    lesson = lessons_of(course)[0]
    with_blocks(lesson, ("quiz", quiz_value([single(qid=f"q{n}") for n in range(20)], time_limit_minutes=20), "quiz-1"),
                ("assignment", assignment_value(), "task-1"))
    browser_client.post(f"/quizzes/{lesson.quizzes.get().pk}/start/")
    total, items, _ = page_weight(browser_client, lesson.url)
    assert total < LESSON_BUDGET, f"{total / 1024:.1f} KiB: " + ", ".join(f"{url} {size}" for _, url, size in items)


def test_the_course_page_shows_a_student_their_own_scores_per_assessment(browser_client, enrolled, course):
    lesson = lessons_of(course)[0]
    with_blocks(lesson, ("quiz", quiz_value(), "quiz-1"), ("assignment", assignment_value(), "task-1"))
    browser_client.post(f"/quizzes/{lesson.quizzes.get().pk}/submit/", {})
    browser_client.post(f"/assignments/{lesson.assignments.get().pk}/submit/", {"text": "Mine"})
    page = browser_client.get(course.url).content.decode()
    assert "Your scores" in page
    assert "Budget check</a>: best 0%" in page and "Your monthly budget</a>: handed in, waiting to be graded" in page
