"""The demo's quizzes, assignments and question bank, and the attempts and submissions of its students.

`content.py` places the blocks in lessons (`place_blocks`); `load_demo` creates the question
bank before the courses and, for the students' planned progress, takes quizzes and hands in work
through the same services a student uses (varied scores, some work waiting to be graded).
"""

from django.core.files.uploadedfile import SimpleUploadedFile

BANK = "Money basics"
BANK_OWNER = "johan@leerhuis.test"


def items(values, prefix):
    """A ListBlock's stored form, with fixed ids so reloading the demo keeps them."""
    return [{"type": "item", "value": value, "id": f"{prefix}-{n}"} for n, value in enumerate(values, start=1)]


def choice(text, options, kind="single", points=1, explanation=""):
    return {"kind": kind, "text": f"<p>{text}</p>", "points": points, "explanation": explanation,
            "options": items([{"text": t, "correct": c} for t, c in options], "o"),
            "statement_is_true": False, "accepted_answers": ""}


def true_false(text, true, explanation=""):
    return {"kind": "true_false", "text": f"<p>{text}</p>", "points": 1, "explanation": explanation, "options": [],
            "statement_is_true": true, "accepted_answers": ""}


def short_answer(text, accepted, explanation=""):
    return {"kind": "short_answer", "text": f"<p>{text}</p>", "points": 1, "explanation": explanation, "options": [],
            "statement_is_true": False, "accepted_answers": "\n".join(accepted)}


BANK_QUESTIONS = [
    choice("Which of these is a <b>need</b>?", [("Rent", True), ("A new phone", False), ("Takeaways", False)],
           explanation="Needs keep you housed, fed and able to get to work."),
    true_false("A debit order that bounces can cost you a penalty fee.", True,
               explanation="Banks charge for unpaid debit orders, and so may the company."),
    short_answer("What is the South African VAT rate, in percent?", ["15", "15%"], explanation="VAT is 15% since 2018."),
    choice("Which of these grow your savings fastest over ten years?",
           [("A tax-free savings account", True), ("Cash under the mattress", False)],
           explanation="Growth in a TFSA is never taxed."),
]


def quiz(title, questions, **settings):
    value = {
        "title": title, "instructions": "", "questions": items(questions, "q"), "bank_questions": [],
        "pass_percent": 70, "max_attempts": 0, "time_limit_minutes": None, "draw_count": 0,
        "shuffle_questions": False, "shuffle_options": True, "partial_credit": False, "negative_marking": False,
        "feedback": "immediate", "required": True,
    }
    value.update(settings)
    return ("quiz", value)


def rubric(*criteria):
    return items([{"name": name, "description": "", "levels": items(
        [{"label": label, "points": points, "description": ""} for label, points in levels], "l")}
        for name, levels in criteria], "c")


def assignment(title, instructions, max_score, criteria, **settings):
    value = {
        "title": title, "instructions": f"<p>{instructions}</p>", "max_score": max_score, "rubric": rubric(*criteria),
        "allow_text": True, "allowed_file_types": ["pdf", "docx", "jpg", "png"], "max_files": 3, "max_file_mb": 10,
        "allow_resubmission": True, "completes_on": "submission", "pass_score": None,
    }
    value.update(settings)
    return ("assignment", value)


# The free course's first lesson: every question type, and two drawn from the bank.
MONEY_CHECK = quiz(
    "Your five-minute money check",
    [
        choice("Your take-home pay is R12 000. Using 50/30/20, how much goes to savings and debt?",
               [("R2 400", True), ("R3 600", False), ("R6 000", False)],
               explanation="20% of R12 000 is R2 400."),
        choice("Which of these are <b>fixed</b> costs? Choose all that apply.",
               [("Rent", True), ("Car insurance", True), ("Groceries", False), ("Airtime top-ups", False)],
               kind="multiple", points=2, explanation="Fixed costs are the same every month."),
        true_false("A stokvel is a savings club whose members pay in regularly.", True),
        short_answer("What do we call the money you set aside for surprises, like a broken geyser?",
                     ["emergency fund", "emergency savings", "rainy day fund"],
                     explanation="An emergency fund: three months of needs is a good target."),
    ],
    instructions="<p>Six questions, no time limit, as many tries as you like. Score 70% to open the course.</p>",
    bank_questions=[{"type": "item", "value": {"bank": f"bank:{BANK}", "count": 2}, "id": "draw-1"}],
    partial_credit=True,
)

PRICING_QUIZ = quiz(
    "Costing check",
    [
        choice("A candle costs R18 to make and you want a 40% margin on the price. About what should it sell for?",
               [("R30", True), ("R25", False), ("R18", False)], explanation="R18 / (1 - 0.4) = R30."),
        true_false("Your own time is a cost and belongs in your price.", True),
        short_answer("The price a customer pays for one item, including VAT, is the ... price?", ["retail", "selling"]),
    ],
    max_attempts=3, time_limit_minutes=10, feedback="delayed",
)

PRICING_ASSIGNMENT = assignment(
    "Cost and price one product",
    "Choose one product you make or could make. List every cost per item, add your time, and set a price. "
    "Upload a photo of your working or a PDF, and say in a few lines why customers will pay it.",
    20,
    [("Costs are complete", [("Every cost, time included", 10), ("Most costs", 6), ("Few costs", 2)]),
     ("The price makes sense", [("Margin and market both considered", 10), ("One of them", 5), ("Neither", 0)])],
)

DASHBOARD_ASSIGNMENT = assignment(
    "Build your sales dashboard",
    "Make a one-page dashboard from a month of your sales (or the sample sheet): total sales, best product, "
    "and a chart. Upload it as a PDF or a screenshot.",
    30,
    [("Numbers are right", [("All correct", 15), ("Small errors", 8), ("Wrong", 0)]),
     ("Readable chart", [("Clear at a glance", 10), ("Needs a second look", 5)]),
     ("Answers a question", [("Yes", 5), ("No", 0)])],
    completes_on="pass", pass_score=18,
)


def place_blocks(courses):
    """Put the quizzes and assignments into lessons of the paid and subscription courses (by title)."""
    where = {
        ("small-business-south-africa", "Costing and pricing your product"): [PRICING_QUIZ, PRICING_ASSIGNMENT],
        ("spreadsheets-and-python", "Your own sales dashboard"): [DASHBOARD_ASSIGNMENT],
    }
    for spec in courses:
        for section in spec["sections"]:
            for lesson in section["lessons"]:
                lesson["body"].extend(where.get((spec["slug"], lesson["title"]), []))


# --- What the demo's students did -------------------------------------------------------------------


def demo_file():
    from home.demo.assets import HERE

    return SimpleUploadedFile("my-budget.pdf", (HERE / "budget-worksheet.pdf").read_bytes(), content_type="application/pdf")


def take_quiz(user, quiz, score_well):
    """One attempt, or two (a fail, then a pass) for a student who does well: varied scores in the gradebook."""
    from assessments.services import start_attempt, submit_attempt

    def answers(attempt, right):
        given = []
        for n, q in enumerate(attempt.snapshot["questions"]):
            good = right or n % 2 == 0
            if q["type"] == "short_answer":
                given.append({"question_id": q["id"], "text": q["accepted"][0] if good else "not sure"})
            else:
                correct = [o["id"] for o in q["options"] if o["correct"]]
                wrong = [o["id"] for o in q["options"] if not o["correct"]][:1]
                given.append({"question_id": q["id"], "option_ids": correct if good else wrong})
        return given

    attempt, _ = start_attempt(user, quiz)
    result = submit_attempt(user, quiz, attempt.pk, answers(attempt, right=False))
    if score_well and not result["passed"]:
        attempt, _ = start_attempt(user, quiz)
        result = submit_attempt(user, quiz, attempt.pk, answers(attempt, right=True))
    return result["passed"]


def hand_in(user, assignment):
    from assessments.services import submit_assignment

    return submit_assignment(user, assignment, "Here is my work, with my costs listed in the file.", [demo_file()])


def do_activities(user, lesson, score_well):
    """Take the lesson's quizzes and hand in its assignments; True when the lesson is complete after."""
    from assessments.models import Assignment, Quiz, QuizAttempt, Submission
    from courses.blocks import gating_blocks

    kinds = {block.block_type for block in gating_blocks(lesson.body)}
    if not kinds <= {"quiz", "assignment"}:
        return False
    for quiz in Quiz.objects.filter(lesson=lesson, is_active=True):
        if not QuizAttempt.objects.filter(quiz=quiz, user=user).exists():
            take_quiz(user, quiz, score_well)
    for assignment in Assignment.objects.filter(lesson=lesson, is_active=True):
        if not Submission.objects.filter(assignment=assignment, user=user).exists():
            hand_in(user, assignment)
    from enrolment.models import LessonProgress

    return LessonProgress.objects.filter(user=user, lesson=lesson, status=LessonProgress.Status.COMPLETED).exists()


def grade_some(grader_for, since):
    """Grade every other submission handed in during this run with its rubric: the queue keeps work, students get feedback."""
    from assessments.models import Submission
    from assessments.services import grade_submission

    waiting = list(Submission.objects.filter(status=Submission.Status.SUBMITTED, submitted_at__gte=since)
                   .select_related("assignment__lesson").order_by("pk"))
    for submission in waiting[::2]:
        grade_submission(grader_for(submission), submission, rubric_levels={"0": 0, "1": 1},
                         feedback="Clear costs. Look again at how your price compares with similar products nearby.")


def ensure_bank(owner):
    from assessments.models import QuestionBank

    bank = QuestionBank.objects.filter(name=BANK).first()
    if bank is None:
        bank = QuestionBank(name=BANK, owner=owner, description="Everyday money questions for any course.")
        bank.questions = [{"type": "question", "value": q, "id": f"bank-q{n}"} for n, q in enumerate(BANK_QUESTIONS, 1)]
        bank.save()
    return bank
