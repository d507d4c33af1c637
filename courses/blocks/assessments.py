"""Assessment blocks: the quiz and the assignment as the author writes them in the editor.

The blocks hold the authored content. When a lesson is published, `assessments` keeps a
`Quiz` / `Assignment` row per block (keyed by lesson and block id) that attempts and submissions
point at; every attempt keeps a snapshot of what it showed, so an edit here never changes a past
grade. What a student has done is the assessments room's business (its trackers, registered in
`enrolment.trackers`).

`is_required(value)` reads plain fields with `.get`, so it answers the same for the StructValue
and for the raw stored dict the curriculum reads.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

QUESTION_KINDS = [
    ("single", "Multiple choice, one answer"),
    ("multiple", "Multiple choice, several answers"),
    ("true_false", "True or false"),
    ("short_answer", "Short answer"),
]
FILE_TYPES = [
    ("pdf", "PDF (.pdf)"),
    ("docx", "Word (.docx)"),
    ("odt", "OpenDocument text (.odt)"),
    ("xlsx", "Excel (.xlsx)"),
    ("pptx", "PowerPoint (.pptx)"),
    ("jpg", "JPEG picture (.jpg, .jpeg)"),
    ("png", "PNG picture (.png)"),
    ("txt", "Plain text (.txt)"),
    ("zip", "ZIP archive (.zip)"),
]
MAX_FILE_MB = 25


def accepted_answers(value):
    """A short answer's accepted answers, one per line, blank lines dropped."""
    return [line.strip() for line in (value.get("accepted_answers") or "").splitlines() if line.strip()]


def question_problems(value):
    """{field: message} for a question that cannot be graded as written (empty when fine)."""
    kind = value.get("kind")
    options = [o for o in (value.get("options") or []) if (o.get("text") or "").strip()]
    problems = {}
    if kind in ("single", "multiple"):
        correct = sum(1 for o in options if o.get("correct"))
        if len(options) < 2:
            problems["options"] = "Give at least two options."
        elif correct == 0:
            problems["options"] = "Mark at least one option as correct."
        elif kind == "single" and correct > 1:
            problems["options"] = "A one-answer question has exactly one correct option (or choose “several answers”)."
    elif kind == "short_answer" and not accepted_answers(value):
        problems["accepted_answers"] = "Give at least one accepted answer."
    return problems


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=500)
    correct = blocks.BooleanBlock(required=False, default=False)

    class Meta:
        icon = "tick"
        label = "Option"


class QuestionBlock(blocks.StructBlock):
    """One question: the stem, its kind, and what counts as right."""

    kind = blocks.ChoiceBlock(choices=QUESTION_KINDS, default="single", label="Type")
    text = blocks.RichTextBlock(features=["bold", "italic", "code", "link", "ol", "ul"], label="Question")
    options = blocks.ListBlock(
        OptionBlock(), required=False, default=[], help_text="Multiple choice: two or more, at least one correct."
    )
    statement_is_true = blocks.BooleanBlock(
        required=False, default=False, label="The statement is true", help_text="True or false questions only.",
    )
    accepted_answers = blocks.TextBlock(
        required=False, rows=3, help_text="Short answer: one accepted answer per line. Case and spaces do not matter.",
    )
    points = blocks.IntegerBlock(min_value=1, max_value=100, default=1)
    explanation = blocks.TextBlock(required=False, rows=2, help_text="Shown with the answers, when feedback is shown.")

    def clean(self, value):
        value = super().clean(value)
        problems = question_problems(value)
        if problems:
            raise blocks.StructBlockValidationError(
                block_errors={name: ValidationError(message) for name, message in problems.items()}
            )
        return value

    class Meta:
        icon = "help"
        label = "Question"


class BankDrawBlock(blocks.StructBlock):
    bank = SnippetChooserBlock("assessments.QuestionBank")
    count = blocks.IntegerBlock(min_value=1, max_value=100, default=1, help_text="Questions drawn at random per attempt.")

    class Meta:
        icon = "list-ul"
        label = "Questions from a bank"


class QuizBlock(blocks.StructBlock):
    """A quiz graded on the server; passing it can complete the lesson."""

    title = blocks.CharBlock(max_length=200)
    instructions = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], required=False)
    questions = blocks.ListBlock(QuestionBlock(), required=False, default=[])
    bank_questions = blocks.ListBlock(
        BankDrawBlock(), required=False, default=[], label="Questions from question banks",
        help_text="Besides its own questions, each attempt can draw some at random from your question banks.",
    )
    pass_percent = blocks.IntegerBlock(
        label="Pass mark (%)", default=70, help_text="The score, as a percentage, that passes the quiz (0 to 100).",
    )
    max_attempts = blocks.IntegerBlock(min_value=0, default=0, help_text="0 for unlimited attempts.")
    time_limit_minutes = blocks.IntegerBlock(
        min_value=1, max_value=600, required=False, label="Time limit (minutes)", help_text="Leave empty for no limit.",
    )
    draw_count = blocks.IntegerBlock(
        min_value=0, default=0, label="Questions per attempt",
        help_text="Draw this many questions at random for each attempt; 0 shows them all.",
    )
    shuffle_questions = blocks.BooleanBlock(required=False, default=False, label="Randomise question order")
    shuffle_options = blocks.BooleanBlock(required=False, default=False, label="Randomise option order")
    partial_credit = blocks.BooleanBlock(
        required=False, default=False,
        help_text="Several-answer questions earn a share for each correct option chosen (none if a wrong one is chosen, "
                  "unless negative marking is on). Off: all or nothing.",
    )
    negative_marking = blocks.BooleanBlock(
        required=False, default=False,
        help_text="With partial credit, each wrong option chosen takes its share away (never below 0 per question).",
    )
    feedback = blocks.ChoiceBlock(
        choices=[
            ("immediate", "Immediate: score, right and wrong, explanations after each attempt"),
            ("delayed", "Delayed: score only, until attempts are used up or you release the answers"),
        ],
        default="immediate",
    )
    required = blocks.BooleanBlock(label="Passing completes the lesson", required=False, default=True)

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        pass_percent = value.get("pass_percent")
        if pass_percent is None or not 0 <= pass_percent <= 100:
            errors["pass_percent"] = ValidationError("The pass mark is a percentage from 0 to 100.")
        if not value.get("questions") and not value.get("bank_questions"):
            errors["questions"] = ValidationError("Add at least one question, or draw some from a question bank.")
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    def is_required(self, value):
        return bool(value.get("required"))

    def get_api_representation(self, value, context=None):
        # Never the questions: answers reach a client only through the quiz API, after grading.
        return {
            "title": value.get("title"),
            "instructions": value["instructions"].source if value.get("instructions") else "",
            "pass_percent": value.get("pass_percent"),
            "max_attempts": value.get("max_attempts"),
            "time_limit_minutes": value.get("time_limit_minutes"),
            "feedback": value.get("feedback"),
        }

    class Meta:
        icon = "tasks"
        label = "Quiz"
        template = "blocks/quiz.html"


class RubricLevelBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=100, help_text="e.g. Excellent, Good, Needs work")
    points = blocks.IntegerBlock(min_value=0, max_value=1000)
    description = blocks.TextBlock(required=False, rows=2)

    class Meta:
        icon = "radio-full"
        label = "Level"


class RubricCriterionBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=200)
    description = blocks.TextBlock(required=False, rows=2)
    levels = blocks.ListBlock(RubricLevelBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        label = "Criterion"


def rubric_total(value):
    """The most a rubric can give: the sum of each criterion's best level."""
    return sum(max((level.get("points") or 0) for level in criterion.get("levels") or [{}]) for criterion in value.get("rubric") or [])


class AssignmentBlock(blocks.StructBlock):
    """Work the student hands in (text and/or files) for the course's instructor to grade."""

    title = blocks.CharBlock(max_length=200)
    instructions = blocks.RichTextBlock(features=["h3", "bold", "italic", "link", "ol", "ul"])
    max_score = blocks.IntegerBlock(min_value=1, max_value=1000, default=100)
    rubric = blocks.ListBlock(
        RubricCriterionBlock(), required=False, default=[],
        help_text="Optional. The best levels of all criteria add up to the maximum score.",
    )
    allow_text = blocks.BooleanBlock(required=False, default=True, label="Students may type an answer")
    allowed_file_types = blocks.MultipleChoiceBlock(choices=FILE_TYPES, required=False, default=["pdf", "docx", "jpg", "png"])
    max_files = blocks.IntegerBlock(min_value=0, max_value=10, default=3, help_text="0: no files, text only.")
    max_file_mb = blocks.IntegerBlock(min_value=1, max_value=MAX_FILE_MB, default=10, label="Largest file (MB)")
    allow_resubmission = blocks.BooleanBlock(required=False, default=True)
    completes_on = blocks.ChoiceBlock(
        choices=[("submission", "Handing it in"), ("pass", "A passing grade"), ("none", "Nothing (optional work)")],
        default="submission", label="Completes the lesson on",
    )
    pass_score = blocks.IntegerBlock(min_value=0, required=False, help_text="With “a passing grade”: the score that passes.")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value.get("rubric") and rubric_total(value) != value.get("max_score"):
            errors["rubric"] = ValidationError(
                f"The rubric's best levels add up to {rubric_total(value)}, but the maximum score is "
                f"{value.get('max_score')}: make them equal."
            )
        if value.get("max_files") and not value.get("allowed_file_types"):
            errors["allowed_file_types"] = ValidationError("Choose the file types students may upload.")
        if not value.get("max_files") and not value.get("allow_text"):
            errors["max_files"] = ValidationError("Allow files, a typed answer, or both.")
        if value.get("completes_on") == "pass":
            pass_score = value.get("pass_score")
            if pass_score is None or pass_score > (value.get("max_score") or 0):
                errors["pass_score"] = ValidationError("Give a pass score from 0 to the maximum score.")
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    def is_required(self, value):
        return value.get("completes_on") in ("submission", "pass")

    def get_api_representation(self, value, context=None):
        return {
            "title": value.get("title"),
            "instructions": value["instructions"].source if value.get("instructions") else "",
            "max_score": value.get("max_score"),
            "completes_on": value.get("completes_on"),
        }

    class Meta:
        icon = "doc-full-inverse"
        label = "Assignment"
        template = "blocks/assignment.html"
