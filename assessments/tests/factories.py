"""Quiz and assignment blocks as stored JSON, and lessons that carry them (published, with their rows)."""

import uuid

from courses.tests.factories import lessons_of, put_blocks

from ..models import QuestionBank
from ..services import sync_lesson_assessments


def item(value, item_id=None):
    return {"type": "item", "value": value, "id": item_id or str(uuid.uuid4())}


def question(kind="single", text="<p>Which is a need?</p>", options=(), points=1, true=False, accepted="",
             explanation="", qid=None):
    """A question block value; `options` are (text, correct) pairs."""
    return item({
        "kind": kind, "text": text,
        "options": [item({"text": t, "correct": c}) for t, c in options],
        "statement_is_true": true, "accepted_answers": accepted, "points": points, "explanation": explanation,
    }, qid)


def single(qid="q-single", points=1):
    return question("single", "<p>Which of these is a need?</p>",
                    [("Rent", True), ("Takeaways", False), ("Streaming", False)], points=points,
                    explanation="Rent keeps a roof over your head.", qid=qid)


def multiple(qid="q-multi", points=3):
    return question("multiple", "<p>Which are fixed costs?</p>",
                    [("Rent", True), ("Insurance", True), ("Airtime", False), ("Groceries", False)], points=points, qid=qid)


def true_false(qid="q-tf", true=True):
    return question("true_false", "<p>VAT in South Africa is 15%.</p>", true=true, qid=qid)


def short(qid="q-short"):
    return question("short_answer", "<p>What do we call money coming in?</p>", accepted="Income\nEarnings", qid=qid)


def quiz_value(questions=None, **settings):
    value = {
        "title": "Budget check", "instructions": "<p>Answer every question.</p>",
        "questions": list(questions if questions is not None else [single(), multiple(), true_false(), short()]),
        "bank_questions": [], "pass_percent": 70, "max_attempts": 0, "time_limit_minutes": None, "draw_count": 0,
        "shuffle_questions": False, "shuffle_options": False, "partial_credit": False, "negative_marking": False,
        "feedback": "immediate", "required": True,
    }
    value.update(settings)
    return value


def assignment_value(**settings):
    value = {
        "title": "Your monthly budget", "instructions": "<p>Upload your budget as a PDF or a photo.</p>",
        "max_score": 20,
        "rubric": [
            item({"name": "Completeness", "description": "", "levels": [
                item({"label": "Everything", "points": 10, "description": ""}),
                item({"label": "Some", "points": 5, "description": ""}),
                item({"label": "Little", "points": 0, "description": ""}),
            ]}),
            item({"name": "Accuracy", "description": "", "levels": [
                item({"label": "Adds up", "points": 10, "description": ""}),
                item({"label": "Mistakes", "points": 4, "description": ""}),
            ]}),
        ],
        "allow_text": True, "allowed_file_types": ["pdf", "jpg", "png", "txt"], "max_files": 3, "max_file_mb": 1,
        "allow_resubmission": True, "completes_on": "submission", "pass_score": None,
    }
    value.update(settings)
    return value


def with_blocks(lesson, *blocks):
    """Give the lesson these blocks ((type, value, id) triples), as published, with their rows."""
    put_blocks(lesson, *[{"type": kind, "value": value, "id": block_id} for kind, value, block_id in blocks])
    sync_lesson_assessments(lesson)
    return lesson


def quiz_lesson(course, value=None, block_id="quiz-1", index=0):
    lesson = lessons_of(course)[index]
    with_blocks(lesson, ("quiz", value or quiz_value(), block_id))
    return lesson, lesson.quizzes.get(block_id=block_id)


def assignment_lesson(course, value=None, block_id="task-1", index=0):
    lesson = lessons_of(course)[index]
    with_blocks(lesson, ("assignment", value or assignment_value(), block_id))
    return lesson, lesson.assignments.get(block_id=block_id)


def make_bank(owner, name="Budget questions", questions=None):
    bank = QuestionBank(name=name, owner=owner)
    bank.questions = [{"type": "question", "value": q["value"], "id": q["id"]}
                      for q in (questions or [single("b1"), true_false("b2"), short("b3")])]
    bank.save()
    return bank
