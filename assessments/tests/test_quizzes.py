"""Taking a quiz through the API: attempts, snapshots, server-side grading, time limits, attempts left."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import QuizAttempt
from enrolment.models import BlockProgress, LessonProgress
from tests.support import client_as

from .factories import make_bank, multiple, quiz_lesson, quiz_value, single, true_false, with_blocks

pytestmark = pytest.mark.django_db


def start(client, quiz):
    response = client.post(f"/api/quizzes/{quiz.pk}/start/")
    assert response.status_code in (200, 201), response.json()
    return response.json()


def right_answers(attempt_body, quiz_attempt):
    """The correct answers for an attempt, read from its stored snapshot (as the server knows them)."""
    answers = []
    for q in quiz_attempt.snapshot["questions"]:
        if q["type"] == "short_answer":
            answers.append({"question_id": q["id"], "text": q["accepted"][0]})
        else:
            answers.append({"question_id": q["id"], "option_ids": [o["id"] for o in q["options"] if o["correct"]]})
    return answers


def wrong_answers(quiz_attempt):
    return [{"question_id": q["id"], "option_ids": [o["id"] for o in q["options"] if not o["correct"]][:1]}
            if q["type"] != "short_answer" else {"question_id": q["id"], "text": "no idea"}
            for q in quiz_attempt.snapshot["questions"]]


def test_a_student_fails_then_passes_and_the_lesson_completes(enrolled, quiz):
    client = client_as(enrolled)
    body = start(client, quiz)
    assert [set(q) for q in body["questions"]] == [{"id", "type", "text", "points", "options"}] * 4
    assert "correct" not in json.dumps(body) and "accepted" not in json.dumps(body)
    attempt = QuizAttempt.objects.get(pk=body["attempt_id"])
    failed = client.post(f"/api/quizzes/{quiz.pk}/submit/", {"attempt_id": attempt.pk, "answers": wrong_answers(attempt)},
                         format="json").json()
    assert failed["passed"] is False and failed["percent"] == "0.00" and failed["lesson_completed"] is False
    assert len(failed["feedback"]) == 4 and failed["attempts_left"] is None
    assert not LessonProgress.objects.filter(user=enrolled, lesson=quiz.lesson, status="completed").exists()

    second = start(client, quiz)
    attempt = QuizAttempt.objects.get(pk=second["attempt_id"])
    passed = client.post(f"/api/quizzes/{quiz.pk}/submit/",
                         {"attempt_id": attempt.pk, "answers": right_answers(second, attempt)}, format="json").json()
    assert passed["passed"] is True and passed["percent"] == "100.00" and passed["lesson_completed"] is True
    assert LessonProgress.objects.get(user=enrolled, lesson=quiz.lesson).status == "completed"
    assert BlockProgress.objects.get(user=enrolled, block_id="quiz-1").score == 100
    detail = client.get(f"/api/quizzes/{quiz.pk}/").json()
    assert detail["attempts_used"] == 2 and detail["best_percent"] == "100.00" and detail["passed"] is True
    assert "questions" not in detail


def test_the_lesson_api_names_the_quiz_and_never_its_questions(enrolled, quiz):
    content = client_as(enrolled).get(f"/api/lessons/{quiz.lesson.pk}/").json()["content"]
    block = content[0]
    assert block["type"] == "quiz" and block["value"]["quiz_id"] == quiz.pk
    assert block["value"]["is_required"] is True and block["value"]["is_satisfied"] is False
    assert "questions" not in block["value"] and "Rent" not in json.dumps(content)


def test_submitting_without_an_attempt_starts_and_grades_in_one_step_when_untimed(enrolled, quiz):
    client = client_as(enrolled)
    result = client.post(f"/api/quizzes/{quiz.pk}/submit/", {"answers": []}, format="json")
    assert result.status_code == 200 and result.json()["percent"] == "0.00"
    assert QuizAttempt.objects.filter(user=enrolled, submitted_at__isnull=False).count() == 1


def test_a_timed_quiz_must_be_started_first(enrolled, course):
    _, quiz = quiz_lesson(course, quiz_value(time_limit_minutes=5))
    response = client_as(enrolled).post(f"/api/quizzes/{quiz.pk}/submit/", {"answers": []}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "start_first"
    assert not QuizAttempt.objects.exists()


def test_submitting_after_the_time_limit_is_refused_and_stores_nothing(enrolled, course, settings):
    settings.QUIZ_GRACE_SECONDS = 30
    _, quiz = quiz_lesson(course, quiz_value(time_limit_minutes=5))
    client = client_as(enrolled)
    body = start(client, quiz)
    assert body["expires_at"]
    QuizAttempt.objects.filter(pk=body["attempt_id"]).update(expires_at=timezone.now() - timedelta(seconds=31))
    response = client.post(f"/api/quizzes/{quiz.pk}/submit/", {"attempt_id": body["attempt_id"], "answers": []}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "time_up"
    attempt = QuizAttempt.objects.get(pk=body["attempt_id"])
    assert attempt.submitted_at is None and attempt.answers is None and attempt.score is None


def test_a_submission_within_the_grace_counts(enrolled, course, settings):
    settings.QUIZ_GRACE_SECONDS = 30
    _, quiz = quiz_lesson(course, quiz_value(time_limit_minutes=5))
    client = client_as(enrolled)
    body = start(client, quiz)
    QuizAttempt.objects.filter(pk=body["attempt_id"]).update(expires_at=timezone.now() - timedelta(seconds=10))
    response = client.post(f"/api/quizzes/{quiz.pk}/submit/", {"attempt_id": body["attempt_id"], "answers": []}, format="json")
    assert response.status_code == 200


def test_starting_beyond_max_attempts_is_refused(enrolled, course):
    _, quiz = quiz_lesson(course, quiz_value(max_attempts=1))
    client = client_as(enrolled)
    client.post(f"/api/quizzes/{quiz.pk}/submit/", {"answers": []}, format="json")
    response = client.post(f"/api/quizzes/{quiz.pk}/start/")
    assert response.status_code == 409 and response.json()["code"] == "no_attempts_left"
    again = client.post(f"/api/quizzes/{quiz.pk}/submit/", {"answers": []}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "no_attempts_left"
    assert QuizAttempt.objects.count() == 1


def test_starting_twice_resumes_the_attempt_in_progress(enrolled, quiz):
    client = client_as(enrolled)
    first = client.post(f"/api/quizzes/{quiz.pk}/start/")
    second = client.post(f"/api/quizzes/{quiz.pk}/start/")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()


def test_answers_to_questions_not_in_the_attempt_are_refused_and_nothing_is_stored(enrolled, course):
    _, quiz = quiz_lesson(course, quiz_value(draw_count=2))
    client = client_as(enrolled)
    body = start(client, quiz)
    shown = {q["id"] for q in body["questions"]}
    other = next(qid for qid in ("q-single", "q-multi", "q-tf", "q-short") if qid not in shown)
    response = client.post(f"/api/quizzes/{quiz.pk}/submit/",
                           {"attempt_id": body["attempt_id"], "answers": [{"question_id": other, "text": "Income"}]},
                           format="json")
    assert response.status_code == 400 and response.json()["code"] == "unknown_question"
    foreign_option = client.post(f"/api/quizzes/{quiz.pk}/submit/", {"attempt_id": body["attempt_id"], "answers": [
        {"question_id": body["questions"][0]["id"], "option_ids": ["made-up"]}]}, format="json")
    assert foreign_option.status_code == 400 and foreign_option.json()["code"] == "unknown_option"
    assert QuizAttempt.objects.get(pk=body["attempt_id"]).submitted_at is None


def test_an_attempt_of_another_student_is_refused(enrolled, other_student, course, quiz):
    from enrolment.services import enrol

    enrol(other_student, course)
    body = start(client_as(enrolled), quiz)
    response = client_as(other_student).post(f"/api/quizzes/{quiz.pk}/submit/",
                                             {"attempt_id": body["attempt_id"], "answers": []}, format="json")
    assert response.status_code == 404 and response.json()["code"] == "attempt_not_found"
    assert QuizAttempt.objects.get(pk=body["attempt_id"]).submitted_at is None
    assert not QuizAttempt.objects.filter(user=other_student).exists()


def test_a_submitted_attempt_cannot_be_submitted_again(enrolled, quiz):
    client = client_as(enrolled)
    body = start(client, quiz)
    client.post(f"/api/quizzes/{quiz.pk}/submit/", {"attempt_id": body["attempt_id"], "answers": []}, format="json")
    again = client.post(f"/api/quizzes/{quiz.pk}/submit/", {"attempt_id": body["attempt_id"], "answers": []}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_submitted"


def test_editing_the_quiz_after_an_attempt_started_does_not_change_that_attempt(enrolled, course):
    lesson, quiz = quiz_lesson(course, quiz_value([single()]))
    client = client_as(enrolled)
    body = start(client, quiz)
    attempt = QuizAttempt.objects.get(pk=body["attempt_id"])
    rent = next(o["id"] for o in attempt.snapshot["questions"][0]["options"] if o["text"] == "Rent")
    # The author now says "Takeaways" is right, adds a question and doubles the points.
    edited = quiz_value([single(points=2), true_false()])
    edited["questions"][0]["value"]["options"][0]["value"]["correct"] = False
    edited["questions"][0]["value"]["options"][1]["value"]["correct"] = True
    with_blocks(lesson, ("quiz", edited, "quiz-1"))
    result = client.post(f"/api/quizzes/{quiz.pk}/submit/", {"attempt_id": attempt.pk, "answers": [
        {"question_id": "q-single", "option_ids": [rent]}]}, format="json").json()
    assert (result["score"], result["max_score"], result["passed"]) == ("1.00", "1.00", True)


def test_delayed_feedback_shows_only_the_score_until_attempts_are_used_up_or_released(enrolled, instructor, course):
    from assessments.services import release_answers

    _, quiz = quiz_lesson(course, quiz_value(feedback="delayed", max_attempts=3))
    client = client_as(enrolled)
    first = client.post(f"/api/quizzes/{quiz.pk}/submit/", {"answers": []}, format="json").json()
    assert "feedback" not in first and first["attempts_left"] == 2
    release_answers(instructor, quiz)
    second = client.post(f"/api/quizzes/{quiz.pk}/submit/", {"answers": []}, format="json").json()
    assert len(second["feedback"]) == 4


def test_a_quiz_draws_from_a_question_bank_and_a_bank_edit_leaves_past_attempts_alone(enrolled, instructor, course):
    bank = make_bank(instructor)
    lesson, quiz = quiz_lesson(course, quiz_value([], bank_questions=[item_draw(bank, 2)]))
    client = client_as(enrolled)
    body = start(client, quiz)
    assert len(body["questions"]) == 2 and all(q["id"].startswith(f"bank{bank.pk}-") for q in body["questions"])
    attempt = QuizAttempt.objects.get(pk=body["attempt_id"])
    answers = right_answers(body, attempt)
    bank.questions = []
    bank.save()
    result = client.post(f"/api/quizzes/{quiz.pk}/submit/", {"attempt_id": attempt.pk, "answers": answers}, format="json")
    assert result.json()["percent"] == "100.00"


def item_draw(bank, count):
    return {"type": "item", "value": {"bank": bank.pk, "count": count}, "id": "draw-1"}


def test_students_see_their_own_attempts_and_instructors_every_students(enrolled, other_student, instructor, course, quiz):
    from enrolment.services import enrol

    enrol(other_student, course)
    client_as(enrolled).post(f"/api/quizzes/{quiz.pk}/submit/", {"answers": []}, format="json")
    client_as(other_student).post(f"/api/quizzes/{quiz.pk}/submit/", {"answers": []}, format="json")
    own = client_as(enrolled).get(f"/api/quizzes/{quiz.pk}/attempts/").json()
    assert [a["student"]["id"] for a in own] == [enrolled.pk]
    every = client_as(instructor).get(f"/api/quizzes/{quiz.pk}/attempts/").json()
    assert {a["student"]["id"] for a in every} == {enrolled.pk, other_student.pk}


def test_an_invalid_quiz_cannot_be_saved(course):
    from courses.blocks.assessments import QuizBlock
    from wagtail.blocks import StructBlockValidationError

    block = QuizBlock()
    no_correct = quiz_value([multiple()])
    for option in no_correct["questions"][0]["value"]["options"]:
        option["value"]["correct"] = False
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python(no_correct))
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(quiz_value(pass_percent=120)))
    assert "0 to 100" in str(error.value.block_errors["pass_percent"])


def test_is_required_reads_the_raw_dict_as_well_as_the_value():
    from courses.blocks.assessments import AssignmentBlock, QuizBlock

    from .factories import assignment_value

    assert QuizBlock().is_required(quiz_value()) is True
    assert QuizBlock().is_required(quiz_value(required=False)) is False
    assert QuizBlock().is_required(QuizBlock().to_python(quiz_value())) is True
    assert AssignmentBlock().is_required(assignment_value()) is True
    assert AssignmentBlock().is_required(assignment_value(completes_on="none")) is False
