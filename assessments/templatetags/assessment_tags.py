"""What the quiz and assignment block templates show one visitor (templates/blocks/quiz.html, assignment.html).

Each tag reads the row of the block and, for an enrolled student, their attempts or submissions:
two or three queries per block, whatever the number of questions. Answers appear only for
submitted attempts, and only when the quiz shows them (immediate feedback, or released).
"""

from django import template
from django.utils import timezone

from enrolment.templatetags.lesson_access import access_in

from ..files import file_link
from ..models import Assignment, Quiz, QuizAttempt, Submission
from ..services import attempt_state, attempts_left, may_resubmit, shows_answers

register = template.Library()


def review(attempt):
    """Each question of a submitted attempt with the student's answer, the right one and the explanation."""
    answers = attempt.answers or {}
    results = {r["question_id"]: r for r in attempt.results or []}
    rows = []
    for number, question in enumerate(attempt.snapshot["questions"], start=1):
        answer = answers.get(question["id"]) or {}
        chosen = set(answer.get("option_ids") or [])
        result = results.get(question["id"], {})
        rows.append({
            "number": number, "text": question["text"], "type": question["type"], "points": question["points"],
            "awarded": result.get("awarded", "0"), "correct": bool(result.get("correct")),
            "options": [{"text": o["text"], "chosen": o["id"] in chosen, "correct": o["correct"]} for o in question["options"]],
            "your_text": " ".join((answer.get("text") or "").split()), "accepted": question["accepted"], "explanation": question["explanation"],
        })
    return rows


@register.simple_tag(takes_context=True)
def quiz_panel(context, lesson, block_id, value):
    """{quiz, mode, attempt, questions, last, review, used, left, best, passed} for this visitor."""
    panel = {"mode": "preview", "quiz": None}
    if lesson is None or not getattr(lesson, "pk", None):
        return panel
    panel["quiz"] = quiz = Quiz.objects.filter(lesson=lesson, block_id=block_id, is_active=True).first()
    access = access_in(context, lesson)
    if quiz is None or access is None or not access.may_open:
        return panel
    if access.refusal(track=True) is not None:
        panel["mode"] = "staff" if access.is_staff else "preview"
        return panel
    attempts = list(QuizAttempt.objects.filter(quiz=quiz, user=access.user).order_by("number"))
    now = timezone.now()
    current = next((a for a in attempts if attempt_state(a, now) == "in_progress"), None)
    submitted = [a for a in attempts if a.is_submitted]
    last = submitted[-1] if submitted else None
    used, max_attempts = len(attempts), int(value.get("max_attempts") or 0)
    panel.update({
        "mode": "attempt" if current else "ready",
        "attempt": current,
        "questions": current.snapshot["questions"] if current else [],
        "last": last,
        "review": review(last) if last and shows_answers(quiz, last.snapshot["settings"], used) else None,
        "used": used,
        "left": attempts_left(max_attempts, used),
        "best": max((a.percent for a in submitted), default=None),
        "passed": any(a.passed for a in submitted),
    })
    if not current and max_attempts and used >= max_attempts:
        panel["mode"] = "done"
    return panel


@register.simple_tag(takes_context=True)
def assignment_panel(context, lesson, block_id, value):
    """{assignment, mode, latest, versions, may_submit} for this visitor; files carry fresh signed links."""
    panel = {"mode": "preview", "assignment": None}
    if lesson is None or not getattr(lesson, "pk", None):
        return panel
    panel["assignment"] = assignment = Assignment.objects.filter(lesson=lesson, block_id=block_id, is_active=True).first()
    access = access_in(context, lesson)
    if assignment is None or access is None or not access.may_open:
        return panel
    if access.refusal(track=True) is not None:
        panel["mode"] = "staff" if access.is_staff else "preview"
        return panel
    versions = list(Submission.objects.filter(assignment=assignment, user=access.user)
                    .prefetch_related("files").order_by("-version"))
    latest = versions[0] if versions else None
    for submission in versions:
        submission.links = [(f, file_link(access.user, f)) for f in submission.files.all()]
    rubric = []
    if latest is not None and latest.status in (Submission.Status.GRADED, Submission.Status.RETURNED):
        chosen = latest.rubric_levels or {}
        for index, criterion in enumerate(value.get("rubric") or []):
            level = chosen.get(str(index))
            levels = list(criterion["levels"])
            picked = levels[level] if level is not None and 0 <= level < len(levels) else None
            rubric.append({"name": criterion["name"], "level": picked})
    panel.update({
        "mode": "student",
        "latest": latest,
        "earlier": versions[1:],
        "rubric_result": rubric,
        "may_submit": may_resubmit(value, latest),
        "accept": ",".join(f".{t}" + (",.jpeg" if t == "jpg" else "") for t in value.get("allowed_file_types") or []),
    })
    return panel


@register.filter
def whole(value):
    if value in (None, ""):
        return ""
    return int(round(float(value)))
