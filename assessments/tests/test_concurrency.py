"""Two concurrent starts on a quiz with one attempt left make one attempt (the student's row lock;
on SQLite the IMMEDIATE transactions queue writers, on PostgreSQL SELECT ... FOR UPDATE does)."""

import threading

import pytest
from django.db import connection

from assessments.errors import AssessmentError
from assessments.models import QuizAttempt
from assessments.services import start_attempt, submit_attempt
from enrolment.services import enrol
from tests.support import make_course

from .factories import quiz_lesson, quiz_value

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(count, action):
    outcomes, barrier = [], threading.Barrier(count)

    def run():
        try:
            barrier.wait()
            outcomes.append(action())
        except AssessmentError as error:
            outcomes.append(error.code)
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_concurrent_starts_with_one_attempt_left_make_one_attempt(student, instructor):
    course = make_course(instructor, title="Race", sections=1, lessons_per_section=1)
    enrol(student, course)
    _, quiz = quiz_lesson(course, quiz_value(max_attempts=2))
    submit_attempt(student, quiz, None, [])  # one of two used: one left
    outcomes = race(2, lambda: start_attempt(student, quiz)[1])
    assert sorted(map(str, outcomes)) == ["False", "True"]  # one made it, the other resumed it
    assert QuizAttempt.objects.filter(user=student).count() == 2


def test_two_concurrent_one_step_submissions_with_one_attempt_left_grade_once(student, instructor):
    course = make_course(instructor, title="Race", sections=1, lessons_per_section=1)
    enrol(student, course)
    _, quiz = quiz_lesson(course, quiz_value(max_attempts=1))
    outcomes = race(2, lambda: submit_attempt(student, quiz, None, [])["attempt_id"])
    assert QuizAttempt.objects.filter(user=student).count() == 1
    assert sorted(map(str, outcomes)) in (
        sorted([str(QuizAttempt.objects.get().pk), "no_attempts_left"]),
        sorted([str(QuizAttempt.objects.get().pk), "already_submitted"]),
    )
