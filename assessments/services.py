"""The verbs of assessment: start, submit and grade quiz attempts; submit and grade assignments.

Views, the API, admin screens and the demo loader all call these. Each asks the lesson gate
(`enrolment.access`) first, validates, changes state in one transaction under the student's
`BlockProgress` row lock (so two requests of one student queue: max attempts hold under
concurrent starts), and completes the block through `enrolment.tracking.satisfy_block`, the
same path as every other tracker.
"""

import random
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from courses.blocks import is_gating
from courses.roles import is_course_staff
from enrolment.access import gate_for
from enrolment.models import Enrolment
from enrolment.tracking import block_by_id, lock_block_progress, satisfy_block

from .events import quiz_answers_released, submission_graded, submission_received
from .errors import AssessmentError
from .files import check_file
from .grading import build_snapshot, feedback_for, grade, public_question
from .models import Assignment, Quiz, QuizAttempt, Submission, SubmissionFile
from .scanning import scan

MAX_ANSWERS = 200


# --- Rows of published blocks ------------------------------------------------------------------


def sync_lesson_assessments(lesson):
    """Upsert the Quiz/Assignment row of every quiz and assignment block of the lesson's live body.

    Rows of blocks no longer in the lesson stay (their attempts and submissions are records) but
    become inactive. Called when a lesson is published (signals.py) and by the demo loader.
    """
    seen = {"quiz": [], "assignment": []}
    for block in lesson.body:
        if block.block_type == "quiz":
            Quiz.objects.update_or_create(
                lesson=lesson, block_id=block.id, defaults={"title": block.value["title"], "is_active": True,
                                                    "feedback_mode": block.value["feedback"]},
            )
        elif block.block_type == "assignment":
            Assignment.objects.update_or_create(
                lesson=lesson, block_id=block.id,
                defaults={"title": block.value["title"], "max_score": block.value["max_score"], "is_active": True},
            )
        else:
            continue
        seen[block.block_type].append(block.id)
    Quiz.objects.filter(lesson=lesson).exclude(block_id__in=seen["quiz"]).update(is_active=False)
    Assignment.objects.filter(lesson=lesson).exclude(block_id__in=seen["assignment"]).update(is_active=False)


def live_block(row, block_type):
    """The block a Quiz/Assignment row stands for, from its lesson's published body."""
    block = block_by_id(row.lesson, row.block_id) if row.is_active else None
    if block is None or block.block_type != block_type:
        raise AssessmentError(f"This {block_type} is no longer part of its lesson.", "not_active", status=409)
    return block


def rows_for_lesson(lesson):
    """({block_id: Quiz}, {block_id: Assignment}) of a lesson (two queries)."""
    return (
        {q.block_id: q for q in Quiz.objects.filter(lesson=lesson)},
        {a.block_id: a for a in Assignment.objects.filter(lesson=lesson)},
    )


def get_quiz(pk):
    quiz = Quiz.objects.select_related("lesson").filter(pk=pk, lesson__live=True).first()
    if quiz is None:
        raise AssessmentError("No such quiz.", "not_found", status=404)
    return quiz


def get_assignment(pk):
    assignment = Assignment.objects.select_related("lesson").filter(pk=pk, lesson__live=True).first()
    if assignment is None:
        raise AssessmentError("No such assignment.", "not_found", status=404)
    return assignment


# --- Quizzes -------------------------------------------------------------------------------------


def grace():
    return timedelta(seconds=getattr(settings, "QUIZ_GRACE_SECONDS", 30))


def attempt_state(attempt, now=None):
    """"submitted", "in_progress", or "expired" (started, time up, never submitted)."""
    if attempt.is_submitted:
        return "submitted"
    if attempt.expires_at and (now or timezone.now()) > attempt.expires_at + grace():
        return "expired"
    return "in_progress"


def bank_pools(value):
    """[(bank pk, count, [(question id, value), ...])] for the block's draws from question banks."""
    pools = []
    for draw in value.get("bank_questions") or []:
        bank = draw.get("bank")
        if bank is not None:
            pools.append((bank.pk, int(draw.get("count") or 1), [(child.id, child.value) for child in bank.questions]))
    return pools


def attempts_left(max_attempts, used):
    return None if not max_attempts else max(0, max_attempts - used)


def shows_answers(quiz, settings_, used):
    """Immediate feedback always; delayed once the attempts are used up or the instructor released them."""
    if settings_.get("feedback", "immediate") == "immediate":
        return True
    max_attempts = settings_.get("max_attempts") or 0
    return bool(quiz.answers_released_at) or bool(max_attempts and used >= max_attempts)


def start_attempt(user, quiz, access=None, rng=None):
    """The student's attempt in progress, or a new one with its snapshot. Returns (attempt, created).

    Refuses (409 no_attempts_left) when max attempts are used, counted under the student's row
    lock so that concurrent starts make one attempt.
    """
    gate_for(user, quiz.lesson, access).require_tracking()
    block = live_block(quiz, "quiz")
    value = block.value
    with transaction.atomic():
        lock_block_progress(user, quiz.lesson, block)
        attempts = list(QuizAttempt.objects.filter(quiz=quiz, user=user).order_by("number"))
        now = timezone.now()
        current = next((a for a in attempts if attempt_state(a, now) == "in_progress"), None)
        if current is not None:
            return current, False
        max_attempts = int(value.get("max_attempts") or 0)
        if max_attempts and len(attempts) >= max_attempts:
            raise AssessmentError(
                f"You have used all {max_attempts} attempts at this quiz.", "no_attempts_left", status=409,
            )
        snapshot = build_snapshot(value, bank_pools(value), rng or random.SystemRandom())
        if not snapshot["questions"]:
            raise AssessmentError("This quiz has no questions yet.", "quiz_empty", status=409)
        limit = value.get("time_limit_minutes")
        attempt = QuizAttempt.objects.create(
            quiz=quiz, user=user, number=len(attempts) + 1, started_at=now, snapshot=snapshot,
            expires_at=now + timedelta(minutes=limit) if limit else None,
            max_score=sum(q["points"] for q in snapshot["questions"]),
        )
    return attempt, True


def clean_answers(answers):
    """{question_id: {"option_ids": [...]} | {"text": "..."}} from the list a client sends; 400 when malformed."""
    if not isinstance(answers, list) or len(answers) > MAX_ANSWERS:
        raise AssessmentError("answers must be a list of {question_id, option_ids} or {question_id, text}.", "invalid")
    cleaned = {}
    for item in answers:
        if not isinstance(item, dict) or not isinstance(item.get("question_id"), str):
            raise AssessmentError("Each answer names its question_id.", "invalid")
        qid = item["question_id"]
        if qid in cleaned:
            raise AssessmentError(f"Question {qid} is answered twice.", "duplicate_answer")
        if "option_ids" in item:
            ids = item["option_ids"]
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) or len(ids) > 50:
                raise AssessmentError("option_ids is a list of option ids.", "invalid")
            cleaned[qid] = {"option_ids": list(dict.fromkeys(ids))}
        elif "text" in item:
            if not isinstance(item["text"], str) or len(item["text"]) > 1000:
                raise AssessmentError("text is an answer of at most 1000 characters.", "invalid")
            cleaned[qid] = {"text": item["text"]}
        else:
            cleaned[qid] = {}
    return cleaned


def check_answers_fit(snapshot, answers):
    """Refuse answers to questions, or options, that the attempt did not show."""
    questions = {q["id"]: q for q in snapshot["questions"]}
    for qid, answer in answers.items():
        question = questions.get(qid)
        if question is None:
            raise AssessmentError(f"Question {qid} is not part of this attempt.", "unknown_question")
        options = {o["id"] for o in question["options"]}
        if set(answer.get("option_ids") or []) - options:
            raise AssessmentError(f"An option given for question {qid} is not one of its options.", "unknown_option")
        if question["type"] == "single" or question["type"] == "true_false":
            if len(answer.get("option_ids") or []) > 1:
                raise AssessmentError(f"Question {qid} takes one answer.", "one_answer_only")


def submit_attempt(user, quiz, attempt_id, answers, access=None):
    """Grade an attempt from its snapshot; completes the block (and lesson) when a required quiz is passed.

    Without `attempt_id` a quiz with no time limit starts and grades in one step. Refused with
    nothing stored: an attempt that is not this student's (404), already submitted (409), past its
    time limit and grace (409 time_up), answers to questions or options it did not show (400).
    """
    access = gate_for(user, quiz.lesson, access).require_tracking()
    block = live_block(quiz, "quiz")
    cleaned = clean_answers(answers)
    if attempt_id is None:
        if block.value.get("time_limit_minutes"):
            raise AssessmentError("This quiz is timed: start an attempt first.", "start_first")
        with transaction.atomic():
            attempt, _ = start_attempt(user, quiz, access=access)
            return finish_attempt(user, quiz, block, attempt.pk, cleaned, access)
    with transaction.atomic():
        return finish_attempt(user, quiz, block, attempt_id, cleaned, access)


def finish_attempt(user, quiz, block, attempt_id, answers, access):
    row = lock_block_progress(user, quiz.lesson, block)
    attempt = QuizAttempt.objects.select_for_update().filter(pk=attempt_id, quiz=quiz, user=user).first() \
        if isinstance(attempt_id, int) and not isinstance(attempt_id, bool) else None
    if attempt is None:
        raise AssessmentError("You have no attempt with that id at this quiz.", "attempt_not_found", status=404)
    if attempt.is_submitted:
        raise AssessmentError("This attempt is already submitted.", "already_submitted", status=409)
    now = timezone.now()
    if attempt_state(attempt, now) == "expired":
        raise AssessmentError("Time is up for this attempt, so it cannot be submitted.", "time_up", status=409)
    check_answers_fit(attempt.snapshot, answers)
    score, top, percent, passed, results = grade(attempt.snapshot, answers)
    attempt.answers, attempt.results = answers, results
    attempt.score, attempt.max_score, attempt.percent, attempt.passed = score, top, percent, passed
    attempt.submitted_at = now
    attempt.save()
    if row.score is None or percent > row.score:
        row.score = percent
        row.save(update_fields=["score", "updated_at"])
    lesson_completed = False
    if passed and is_gating(block):
        lesson_completed = satisfy_block(row, access.enrolment)
    used = QuizAttempt.objects.filter(quiz=quiz, user=user).count()
    return attempt_result(quiz, attempt, used, lesson_completed or access.is_completed)


def attempt_result(quiz, attempt, used, lesson_completed=False):
    """What a submission answers: the score, and per-question feedback when the quiz shows it now."""
    settings_ = attempt.snapshot["settings"]
    body = {
        "attempt_id": attempt.pk,
        "score": str(attempt.score),
        "max_score": str(attempt.max_score),
        "percent": str(attempt.percent),
        "passed": attempt.passed,
        "attempts_left": attempts_left(settings_.get("max_attempts"), used),
        "lesson_completed": bool(lesson_completed),
        "feedback_mode": settings_.get("feedback", "immediate"),
    }
    if shows_answers(quiz, settings_, used):
        body["feedback"] = feedback_for(attempt.snapshot, attempt.answers, attempt.results or [])
    return body


def quiz_summary(user, quiz, block, attempts):
    """Title, settings, attempts used and left, best score: the quiz as this user sees it (no answers)."""
    value = block.value
    used = len(attempts)
    submitted = [a for a in attempts if a.is_submitted]
    best = max((a.percent for a in submitted), default=None)
    now = timezone.now()
    current = next((a for a in attempts if attempt_state(a, now) == "in_progress"), None)
    questions = sum(1 for _ in value["questions"]) + sum(int(d.get("count") or 0) for d in value.get("bank_questions") or [])
    draw = int(value.get("draw_count") or 0)
    return {
        "id": quiz.pk,
        "lesson_id": quiz.lesson_id,
        "block_id": quiz.block_id,
        "title": value["title"],
        "instructions": value["instructions"].source if value.get("instructions") else "",
        "question_count": min(draw, questions) if draw else questions,
        "pass_percent": value["pass_percent"],
        "max_attempts": value["max_attempts"] or None,
        "time_limit_minutes": value.get("time_limit_minutes") or None,
        "feedback": value["feedback"],
        "is_required": bool(value.get("required")),
        "attempts_used": used,
        "attempts_left": attempts_left(value["max_attempts"], used),
        "best_percent": str(best) if best is not None else None,
        "passed": any(a.passed for a in submitted),
        "attempt_in_progress": current.pk if current else None,
    }


def open_attempt_body(attempt):
    """A started attempt for the student: its questions in its order, no answers."""
    return {
        "attempt_id": attempt.pk,
        "number": attempt.number,
        "expires_at": attempt.expires_at.isoformat() if attempt.expires_at else None,
        "questions": [public_question(q) for q in attempt.snapshot["questions"]],
    }


def attempts_for(user, quiz, access):
    """Own attempts; the course's staff see every student's."""
    attempts = QuizAttempt.objects.filter(quiz=quiz).select_related("user").order_by("started_at")
    if not access.is_staff:
        attempts = attempts.filter(user=user)
    return list(attempts)


def release_answers(user, quiz):
    """Delayed feedback: the course's staff show every student their answers now."""
    if not is_course_staff(user, quiz.lesson.course):
        raise AssessmentError("Only the course's instructors can release its answers.", "not_course_staff", status=403)
    if not quiz.answers_released_at:
        with transaction.atomic():
            quiz.answers_released_at = timezone.now()
            quiz.save(update_fields=["answers_released_at", "updated_at"])
            quiz_answers_released.send(sender=Quiz, quiz=quiz)
    return quiz


# --- Assignments ---------------------------------------------------------------------------------


def latest_submission(user, assignment):
    return Submission.objects.filter(assignment=assignment, user=user).order_by("-version").first()


def may_resubmit(value, latest):
    """A first hand-in; then, with resubmission allowed, while not yet graded; or whenever it was returned."""
    if latest is None or latest.status == Submission.Status.RETURNED:
        return True
    return bool(value.get("allow_resubmission")) and latest.status == Submission.Status.SUBMITTED


def submit_assignment(user, assignment, text="", files=(), access=None):
    """Hand in text and/or files. Every file is checked (type, size, content, ClamAV) before anything is stored.

    A new version keeps the earlier ones; a version still waiting to be graded is superseded.
    """
    access = gate_for(user, assignment.lesson, access).require_tracking()
    block = live_block(assignment, "assignment")
    value = block.value
    text = (text or "").strip()
    files = list(files)
    if text and not value.get("allow_text"):
        raise AssessmentError("This assignment takes files, not typed answers.", "text_not_allowed")
    if len(text) > 50_000:
        raise AssessmentError("The typed answer is longer than 50 000 characters.", "text_too_long")
    max_files = int(value.get("max_files") or 0)
    if len(files) > max_files:
        raise AssessmentError(
            f"This assignment takes at most {max_files} file{'s' if max_files != 1 else ''}." if max_files
            else "This assignment takes no files.", "too_many_files",
        )
    if not text and not files:
        raise AssessmentError("Type your answer or add a file before handing in.", "empty_submission")
    max_bytes = int(value.get("max_file_mb") or 10) * 1024 * 1024
    checked = [(upload, *check_file(upload, value.get("allowed_file_types") or [], max_bytes)) for upload in files]
    scanned = [scan(name, upload) for upload, name, _ in checked]
    saved = []
    try:
        with transaction.atomic():
            row = lock_block_progress(user, assignment.lesson, block)
            latest = latest_submission(user, assignment)
            if not may_resubmit(value, latest):
                raise AssessmentError(
                    "Your work is already handed in." if latest.status == Submission.Status.SUBMITTED
                    else "Your work is graded; it can be handed in again only if your instructor returns it.",
                    "already_submitted", status=409,
                )
            if latest is not None and latest.status == Submission.Status.SUBMITTED:
                Submission.objects.filter(pk=latest.pk).update(status=Submission.Status.SUPERSEDED)
            submission = Submission.objects.create(
                assignment=assignment, user=user, version=(latest.version + 1) if latest else 1, text=text,
            )
            for (upload, name, content_type), was_scanned in zip(checked, scanned):
                stored = SubmissionFile(submission=submission, name=name, size=upload.size, content_type=content_type,
                                        scanned=was_scanned)
                stored.file.save(name, upload, save=False)
                saved.append(stored.file.name)
                stored.save()
            lesson_completed = False
            if value.get("completes_on") == "submission":
                lesson_completed = satisfy_block(row, access.enrolment)
            submission_received.send(sender=Submission, submission=submission)
    except Exception:
        for name in saved:  # the rows are rolled back; their files go too
            SubmissionFile.file.field.storage.delete(name)
        raise
    submission.lesson_completed = lesson_completed or access.is_completed
    return submission


def staff_submission(user, pk):
    """A submission the user may grade (course staff), else 404 for the rest of the world and 403 for its student."""
    submission = Submission.objects.select_related("assignment__lesson", "user").filter(pk=pk).first()
    if submission is None:
        raise AssessmentError("No such submission.", "not_found", status=404)
    if not is_course_staff(user, submission.assignment.lesson.course):
        if submission.user_id == getattr(user, "pk", None):
            raise AssessmentError("Only the course's instructors grade submissions.", "not_course_staff", status=403)
        raise AssessmentError("No such submission.", "not_found", status=404)
    return submission


def rubric_score(value, levels):
    """Sum of the chosen level of each criterion; `levels` maps criterion index -> level index (strings or ints)."""
    rubric = list(value.get("rubric") or [])
    if not isinstance(levels, dict):
        raise AssessmentError("rubric_levels maps each criterion's number to the chosen level's number.", "invalid_rubric")
    chosen, total = {}, Decimal(0)
    for key, level in levels.items():
        try:
            c, lv = int(key), int(level)
        except (TypeError, ValueError):
            raise AssessmentError("rubric_levels maps criterion numbers to level numbers.", "invalid_rubric") from None
        if not 0 <= c < len(rubric) or not 0 <= lv < len(rubric[c]["levels"]):
            raise AssessmentError("A rubric level chosen is not one of that criterion's levels.", "invalid_rubric")
        chosen[str(c)] = lv
        total += Decimal(rubric[c]["levels"][lv]["points"])
    if rubric and len(chosen) != len(rubric):
        raise AssessmentError("Choose a level for every criterion of the rubric.", "incomplete_rubric")
    return chosen, total


def grade_submission(grader, submission, score=None, rubric_levels=None, feedback="", return_for_resubmission=False):
    """Grade the latest version (rubric levels summed, or a direct score), or return it for resubmission.

    Only the course's staff; the score is 0..max; a graded submission whose block completes on a
    pass completes the student's lesson when it reaches the pass score.
    """
    assignment = submission.assignment
    lesson = assignment.lesson
    if not is_course_staff(grader, lesson.course):
        raise AssessmentError("Only the course's instructors grade its submissions.", "not_course_staff", status=403)
    block = block_by_id(lesson, assignment.block_id)
    value = block.value if block is not None and block.block_type == "assignment" else {}
    max_score = Decimal(value.get("max_score") or assignment.max_score)
    chosen = {}
    if rubric_levels:
        chosen, rubric_total = rubric_score(value, rubric_levels)
        if score is None:
            score = rubric_total
    if score is not None:
        try:
            score = Decimal(str(score)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise AssessmentError("The score is a number.", "invalid_score") from None
        if not score.is_finite() or score < 0 or score > max_score:
            raise AssessmentError(f"The score must be from 0 to {max_score.normalize():f}.", "score_out_of_range")
    elif not return_for_resubmission:
        raise AssessmentError("Give a score, or choose a level for each rubric criterion.", "score_required")
    if len(feedback or "") > 20_000:
        raise AssessmentError("Feedback is at most 20 000 characters.", "feedback_too_long")
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        newest = Submission.objects.filter(assignment=assignment, user_id=current.user_id).order_by("-version").first()
        if newest.pk != current.pk:
            raise AssessmentError("The student has handed in a newer version: grade that one.", "superseded", status=409)
        current.score = score
        current.rubric_levels = chosen
        current.feedback = (feedback or "").strip()
        current.graded_by = grader
        current.graded_at = timezone.now()
        current.status = Submission.Status.RETURNED if return_for_resubmission else Submission.Status.GRADED
        current.save()
        passes = value.get("completes_on") == "pass" and value.get("pass_score") is not None
        if current.status == Submission.Status.GRADED and passes and score >= Decimal(value["pass_score"]):
            enrolment = Enrolment.objects.filter(
                user_id=current.user_id, course=lesson.course, status=Enrolment.Status.ACTIVE
            ).first()
            if enrolment is not None:
                row = lock_block_progress(current.user, lesson, block)
                satisfy_block(row, enrolment)
        submission_graded.send(sender=Submission, submission=current)
    return current


def submissions_for(user, assignment, access):
    """Every version of every student (the course's staff only), newest first per student."""
    if not access.is_staff:
        raise AssessmentError("Only the course's instructors see every submission.", "not_course_staff", status=403)
    return list(
        Submission.objects.filter(assignment=assignment).select_related("user").prefetch_related("files")
        .order_by("user_id", "-version")
    )


def best_scores(user, quiz_ids):
    """{quiz_id: best percent} of a student's submitted attempts (one query)."""
    from django.db.models import Max

    rows = QuizAttempt.objects.filter(user=user, quiz_id__in=quiz_ids, submitted_at__isnull=False)
    return dict(rows.values("quiz_id").annotate(best=Max("percent")).values_list("quiz_id", "best"))

