"""Quiz snapshots and grading: small pure functions, no database.

`build_snapshot` turns the quiz block (and any questions drawn from banks) into exactly what one
attempt shows, in the attempt's order, with fresh random ids for options so that neither their
order nor their ids reveal the answer. `grade` reads only that snapshot and the student's
answers; the block may have changed since, it does not matter.

Scoring, per question (never below 0):
- one answer, true/false, short answer: all the points or none;
- several answers, all-or-nothing (the default): all the points when exactly the correct
  options are chosen;
- several answers with partial credit: each correct option chosen earns points / correct
  options, and any wrong option chosen earns nothing for the question; with negative marking
  instead each wrong option chosen takes away points / wrong options.
"""

import re
import secrets
from decimal import ROUND_HALF_UP, Decimal

from wagtail.rich_text import expand_db_html

from courses.blocks.assessments import accepted_answers

CENT = Decimal("0.01")
TRUE_FALSE = (("true", "True"), ("false", "False"))


def settings_of(value):
    """The grading settings of a quiz block, as an attempt keeps them."""
    return {
        "pass_percent": int(value.get("pass_percent") or 0),
        "partial_credit": bool(value.get("partial_credit")),
        "negative_marking": bool(value.get("negative_marking")),
        "feedback": value.get("feedback") or "immediate",
        "max_attempts": int(value.get("max_attempts") or 0),
        "time_limit_minutes": value.get("time_limit_minutes") or None,
    }


def question_from_block(question_id, value):
    """A question block's value as a snapshot entry (answers included, options in authored order)."""
    kind = value["kind"]
    if kind == "true_false":
        truth = "true" if value.get("statement_is_true") else "false"
        options = [{"id": key, "text": label, "correct": key == truth} for key, label in TRUE_FALSE]
    elif kind in ("single", "multiple"):
        options = [
            {"id": secrets.token_hex(4), "text": option["text"].strip(), "correct": bool(option.get("correct"))}
            for option in value.get("options") or [] if (option.get("text") or "").strip()
        ]
    else:
        options = []
    text = value.get("text")
    return {
        "id": question_id,
        "type": kind,
        "text": expand_db_html(text.source) if hasattr(text, "source") else str(text or ""),
        "points": int(value.get("points") or 1),
        "options": options,
        "accepted": accepted_answers(value) if kind == "short_answer" else [],
        "explanation": value.get("explanation") or "",
    }


def build_snapshot(value, bank_questions, rng):
    """What one attempt shows: the quiz's own questions plus those drawn from banks, drawn and ordered.

    `bank_questions` is [(bank_pk, count, [(question_id, question_value), ...])]; `rng` a
    random.Random (tests pass a seeded one).
    """
    questions = [question_from_block(child.id, child.value) for child in value["questions"].bound_blocks]
    for bank_pk, count, pool in bank_questions:
        picked = rng.sample(pool, min(count, len(pool)))
        questions += [question_from_block(f"bank{bank_pk}-{qid}", qvalue) for qid, qvalue in picked]
    draw = int(value.get("draw_count") or 0)
    if draw and draw < len(questions):
        chosen = set(rng.sample(range(len(questions)), draw))
        questions = [q for i, q in enumerate(questions) if i in chosen]
    if value.get("shuffle_questions"):
        rng.shuffle(questions)
    if value.get("shuffle_options"):
        for question in questions:
            if question["type"] in ("single", "multiple"):
                rng.shuffle(question["options"])
    return {"settings": settings_of(value), "questions": questions}


def public_question(question):
    """A snapshot question as a student may see it before grading: no answers, no explanation."""
    return {
        "id": question["id"],
        "type": question["type"],
        "text": question["text"],
        "points": question["points"],
        "options": [{"id": o["id"], "text": o["text"]} for o in question["options"]],
    }


def normalise(text):
    """Short answers compare without case and without spaces: " Cash  Flow" == "cashflow"."""
    return re.sub(r"\s+", "", str(text or "")).casefold()


def score_question(question, answer, settings):
    """Points (Decimal) this answer earns; `answer` is {"option_ids": [...]} or {"text": "..."} or None."""
    points = Decimal(question["points"])
    answer = answer or {}
    if question["type"] == "short_answer":
        given = normalise(answer.get("text"))
        return points if given and given in {normalise(a) for a in question["accepted"]} else Decimal(0)
    chosen = set(answer.get("option_ids") or [])
    correct = {o["id"] for o in question["options"] if o["correct"]}
    wrong = {o["id"] for o in question["options"] if not o["correct"]}
    if chosen == correct:
        return points
    if question["type"] != "multiple" or not settings.get("partial_credit") or not correct:
        return Decimal(0)
    hits, misses = len(chosen & correct), len(chosen & wrong)
    if settings.get("negative_marking"):
        share = Decimal(hits) / len(correct) - (Decimal(misses) / len(wrong) if wrong else 0)
    else:
        share = Decimal(hits) / len(correct) if misses == 0 else Decimal(0)
    return max(Decimal(0), (points * share).quantize(CENT, rounding=ROUND_HALF_UP))


def max_score(snapshot):
    return Decimal(sum(q["points"] for q in snapshot["questions"]))


def grade(snapshot, answers):
    """(score, max_score, percent, passed, results) for {question_id: answer} against the snapshot."""
    settings = snapshot["settings"]
    results, score = [], Decimal(0)
    for question in snapshot["questions"]:
        awarded = score_question(question, answers.get(question["id"]), settings).quantize(CENT)
        score += awarded
        results.append({"question_id": question["id"], "awarded": str(awarded), "points": question["points"],
                        "correct": awarded == question["points"]})
    top = max_score(snapshot).quantize(CENT)
    score = score.quantize(CENT)
    percent = (score * 100 / top).quantize(CENT, rounding=ROUND_HALF_UP) if top else Decimal("0.00")
    return score, top, percent, percent >= settings["pass_percent"], results


def feedback_for(snapshot, answers, results):
    """Per question, after grading: right or wrong, points, the right options or answers, the explanation."""
    by_id = {r["question_id"]: r for r in results}
    feedback = []
    for question in snapshot["questions"]:
        result = by_id.get(question["id"], {})
        answer = (answers or {}).get(question["id"]) or {}
        feedback.append({
            "question_id": question["id"],
            "correct": bool(result.get("correct")),
            "points_awarded": result.get("awarded", "0"),
            "points": question["points"],
            "your_option_ids": list(answer.get("option_ids") or []),
            "your_text": answer.get("text", ""),
            "correct_option_ids": [o["id"] for o in question["options"] if o["correct"]],
            "accepted_answers": question["accepted"],
            "explanation": question["explanation"],
        })
    return feedback
