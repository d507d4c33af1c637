"""Grading is right for each kind of question, partial credit on and off, and reads only the snapshot."""

import random
from decimal import Decimal

import pytest

from courses.blocks.assessments import QuizBlock
from assessments.grading import build_snapshot, grade, score_question

from .factories import multiple, quiz_value, single, true_false

pytestmark = pytest.mark.django_db


def snapshot_of(value, seed=1):
    block = QuizBlock()
    return build_snapshot(block.to_python(value), [], random.Random(seed))


def ids(question, *texts):
    return [o["id"] for o in question["options"] if o["text"] in texts]


def answer_for(snapshot, qid, *texts):
    question = next(q for q in snapshot["questions"] if q["id"] == qid)
    return {"option_ids": ids(question, *texts)}


def test_single_answer_questions_earn_all_their_points_or_none():
    snap = snapshot_of(quiz_value([single(points=2)]))
    q = snap["questions"][0]
    assert score_question(q, {"option_ids": ids(q, "Rent")}, snap["settings"]) == 2
    assert score_question(q, {"option_ids": ids(q, "Takeaways")}, snap["settings"]) == 0
    assert score_question(q, None, snap["settings"]) == 0


def test_multi_answer_is_all_or_nothing_by_default():
    snap = snapshot_of(quiz_value([multiple()]))
    q = snap["questions"][0]
    assert score_question(q, {"option_ids": ids(q, "Rent", "Insurance")}, snap["settings"]) == 3
    assert score_question(q, {"option_ids": ids(q, "Rent")}, snap["settings"]) == 0
    assert score_question(q, {"option_ids": ids(q, "Rent", "Insurance", "Airtime")}, snap["settings"]) == 0


def test_partial_credit_gives_a_share_per_correct_option_and_nothing_when_a_wrong_one_is_chosen():
    snap = snapshot_of(quiz_value([multiple(points=3)], partial_credit=True))
    q, s = snap["questions"][0], snap["settings"]
    assert score_question(q, {"option_ids": ids(q, "Rent")}, s) == Decimal("1.50")
    assert score_question(q, {"option_ids": ids(q, "Rent", "Insurance")}, s) == 3
    assert score_question(q, {"option_ids": ids(q, "Rent", "Airtime")}, s) == 0
    # Ticking everything never wins.
    assert score_question(q, {"option_ids": [o["id"] for o in q["options"]]}, s) == 0


def test_negative_marking_takes_a_share_per_wrong_option_but_never_below_zero():
    snap = snapshot_of(quiz_value([multiple(points=4)], partial_credit=True, negative_marking=True))
    q, s = snap["questions"][0], snap["settings"]
    assert score_question(q, {"option_ids": ids(q, "Rent", "Insurance", "Airtime")}, s) == 2  # 4 x (1 - 1/2)
    assert score_question(q, {"option_ids": ids(q, "Rent", "Airtime")}, s) == 0  # 4 x (1/2 - 1/2)
    assert score_question(q, {"option_ids": ids(q, "Airtime", "Groceries")}, s) == 0  # never negative


def test_true_false_and_short_answers_ignore_case_and_spaces():
    snap = snapshot_of(quiz_value())
    by_id = {q["id"]: q for q in snap["questions"]}
    s = snap["settings"]
    assert score_question(by_id["q-tf"], {"option_ids": ["true"]}, s) == 1
    assert score_question(by_id["q-tf"], {"option_ids": ["false"]}, s) == 0
    assert score_question(by_id["q-short"], {"text": "  IN come "}, s) == 1
    assert score_question(by_id["q-short"], {"text": "earnings"}, s) == 1
    assert score_question(by_id["q-short"], {"text": "outgoings"}, s) == 0
    assert score_question(by_id["q-short"], {"text": ""}, s) == 0


def test_randomised_orders_are_kept_in_the_snapshot_and_grading_follows_it():
    value = quiz_value([single(), multiple(), true_false()], shuffle_questions=True, shuffle_options=True)
    orders = {tuple(q["id"] for q in snapshot_of(value, seed)["questions"]) for seed in range(20)}
    assert len(orders) > 1  # the order really changes between attempts
    snap = snapshot_of(value, seed=3)
    answers = {"q-single": answer_for(snap, "q-single", "Rent"), "q-multi": answer_for(snap, "q-multi", "Rent", "Insurance"),
               "q-tf": {"option_ids": ["false"]}}
    score, top, percent, passed, results = grade(snap, answers)
    assert (score, top, passed) == (4, 5, True)
    assert percent == Decimal("80.00")


def test_option_ids_are_random_so_they_never_reveal_the_answer():
    first, second = snapshot_of(quiz_value([single()]), 1), snapshot_of(quiz_value([single()]), 1)
    assert {o["id"] for o in first["questions"][0]["options"]}.isdisjoint(o["id"] for o in second["questions"][0]["options"])


def test_drawing_n_questions_picks_that_many_per_attempt():
    snap = snapshot_of(quiz_value(draw_count=2))
    assert len(snap["questions"]) == 2
