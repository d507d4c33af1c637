"""Quizzes and assignments as rows: the relational twins of the lesson blocks, attempts, submissions.

A lesson's body holds the authored quiz or assignment (`courses.blocks.assessments`). Publishing
the lesson upserts one `Quiz` / `Assignment` row per block, keyed by (lesson, block id)
(`services.sync_lesson_assessments`); attempts and submissions point at those rows. Each attempt
keeps the questions it showed, with their answers, in `snapshot`: grading reads only that, so an
edit to the quiz or its question bank never changes a past attempt.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from courses.blocks.assessments import QuestionBlock

from .storage import private_storage, submission_upload_to


class QuestionBank(index.Indexed, models.Model):
    """Reusable questions (a snippet), owned by an instructor and shared with the co-instructors of their courses."""

    name = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="question_banks", editable=False,
    )
    description = models.TextField(blank=True)
    questions = StreamField([("question", QuestionBlock())], blank=True, use_json_field=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("questions")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Quiz(models.Model):
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="quizzes")
    block_id = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    # False once the block is gone from the published lesson: its attempts stay, nobody starts one.
    is_active = models.BooleanField(default=True)
    feedback_mode = models.CharField(max_length=20, default="immediate")  # the block's, as last published
    # Delayed feedback: the instructor shows every student their answers before attempts run out.
    answers_released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "block_id"], name="one_quiz_per_block")]
        verbose_name_plural = "quizzes"

    def __str__(self):
        return self.title


class QuizAttempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # What the student was shown, in order, with the answers (never sent before grading) and the
    # quiz's grading settings at the start: {"settings": {...}, "questions": [...]}.
    snapshot = models.JSONField()
    answers = models.JSONField(null=True, blank=True)
    results = models.JSONField(null=True, blank=True)  # per question: awarded points and correctness
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="one_attempt_per_number"),
            models.CheckConstraint(condition=models.Q(score__gte=0), name="attempt_score_not_negative"),
        ]
        indexes = [models.Index(fields=["quiz", "user"])]
        ordering = ["started_at"]

    def __str__(self):
        return f"Attempt {self.number} of {self.quiz_id} by {self.user_id}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class Assignment(models.Model):
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="assignments")
    block_id = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    max_score = models.PositiveIntegerField(default=100)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "block_id"], name="one_assignment_per_block")]

    def __str__(self):
        return self.title


class Submission(models.Model):
    """One version of a student's work; a resubmission is a new row with the next version."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting to be graded"
        GRADED = "graded", "Graded"
        RETURNED = "returned", "Returned for resubmission"
        SUPERSEDED = "superseded", "Replaced by a newer version"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveIntegerField(default=1)
    text = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    rubric_levels = models.JSONField(default=dict, blank=True)  # criterion index -> chosen level index
    feedback = models.TextField(blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user", "version"], name="one_submission_per_version"),
            models.CheckConstraint(condition=models.Q(score__gte=0), name="submission_score_not_negative"),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]
        ordering = ["submitted_at"]

    def __str__(self):
        return f"{self.assignment} v{self.version} by {self.user_id}"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=submission_upload_to, storage=private_storage, max_length=300)
    name = models.CharField(max_length=255)  # as the student named it (sanitised)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    scanned = models.BooleanField(default=False, help_text="ClamAV found it clean (False: no scanner configured).")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name
