"""Who is enrolled where, and how far each student has got."""

from decimal import Decimal

from django.conf import settings
from django.db import models

from .storage import private_storage


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CANCELLED = "cancelled", "Cancelled"

    class Source(models.TextChoices):
        FREE = "free", "Free enrolment"
        PURCHASE = "purchase", "Purchase"
        SUBSCRIPTION = "subscription", "Subscription"
        MANUAL = "manual", "Added by staff"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.FREE)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    progress = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.00"))
    completed_at = models.DateTimeField(null=True, blank=True)
    last_lesson = models.ForeignKey(
        "courses.LessonPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_accessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course"),
            models.CheckConstraint(
                condition=models.Q(progress__gte=0) & models.Q(progress__lte=100), name="progress_is_a_percentage"
            ),
        ]
        indexes = [models.Index(fields=["course", "status"])]

    def __str__(self):
        return f"{self.user} in {self.course_id}"

    @property
    def progress_percent(self):
        return int(self.progress)

    @classmethod
    def progress_by_course(cls, user, course_ids):
        """{course_id: (progress, enrolment id)} for the user's active enrolments among course_ids (one query)."""
        if not getattr(user, "is_authenticated", False) or not course_ids:
            return {}
        rows = cls.objects.filter(user=user, course_id__in=course_ids, status=cls.Status.ACTIVE)
        return {course_id: (progress, pk) for course_id, progress, pk in rows.values_list("course_id", "progress", "pk")}


class LessonProgress(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="progress_records")
    enrolment = models.ForeignKey(Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="lessons")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    time_spent_seconds = models.PositiveIntegerField(default=0)
    last_accessed_at = models.DateTimeField(null=True, blank=True)
    # When the student first opened the lesson: time and watching credited can never exceed what
    # has passed since (enrolment.services.record_time, enrolment.trackers.video).
    first_opened_at = models.DateTimeField(null=True, blank=True)
    last_heartbeat_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_lesson")]
        verbose_name_plural = "lesson progress"

    def __str__(self):
        return f"{self.user} / {self.lesson_id}: {self.status}"

    @property
    def is_completed(self):
        return self.status == self.Status.COMPLETED


class BlockProgress(models.Model):
    """One student's standing on one gating block of a lesson (video, PDF, H5P, AI tool).

    A single table for every block type keeps a lesson's requirements to one query.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="block_progress")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="block_progress")
    block_id = models.CharField(max_length=64)
    block_type = models.CharField(max_length=20)
    is_satisfied = models.BooleanField(default=False)
    satisfied_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(
        "best score (%)", max_digits=5, decimal_places=2, null=True, blank=True,
        help_text="H5P and AI tools: the best scaled score seen, as a percentage.",
    )
    # Video: merged [start, end] intervals actually played, in seconds, and where to resume.
    intervals = models.JSONField(default=list, blank=True)
    watched_seconds = models.FloatField(default=0)
    position = models.FloatField(default=0)
    last_report_at = models.DateTimeField(null=True, blank=True)
    # Documents: how often the student opened and downloaded the file.
    open_count = models.PositiveIntegerField(default=0)
    download_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson", "block_id"], name="one_progress_per_block"),
            models.CheckConstraint(condition=models.Q(watched_seconds__gte=0), name="watched_not_negative"),
        ]
        verbose_name_plural = "block progress"

    def __str__(self):
        return f"{self.user_id} / {self.lesson_id} / {self.block_type} {self.block_id}"


class XAPIStatement(models.Model):
    """An xAPI statement as the H5P player sent it, with the actor replaced by our user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xapi_statements")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="xapi_statements")
    block_id = models.CharField(max_length=64)
    verb = models.CharField(max_length=255)
    score_scaled = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    completion = models.BooleanField(null=True)
    success = models.BooleanField(null=True)
    statement = models.JSONField()
    stored_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["lesson", "block_id", "user"])]
        ordering = ["stored_at"]

    def __str__(self):
        return f"{self.verb} by {self.user_id}"


class AIToolSession(models.Model):
    """A completion an AI tool reported from its server, keyed by the launch token's id."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ai_tool_sessions")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="ai_tool_sessions")
    block_id = models.CharField(max_length=64)
    tool = models.ForeignKey("courses.AITool", on_delete=models.PROTECT, related_name="sessions")
    token_id = models.CharField(max_length=64, unique=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    time_spent_seconds = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict, blank=True)
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_at"]

    def __str__(self):
        return f"{self.tool_id} session for {self.user_id}"


class Certificate(models.Model):
    """The certificate of one completed enrolment: what was printed on it, and its verification code.

    Name, course, instructor and completion date are copied when it is issued, so the
    verification page shows exactly what the PDF says even after a course is renamed.
    """

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="certificate")
    code = models.CharField(max_length=14, unique=True)
    student_name = models.CharField(max_length=300)
    course_title = models.CharField(max_length=255)
    instructor_name = models.CharField(max_length=300, blank=True)
    completed_at = models.DateTimeField()
    issued_at = models.DateTimeField(auto_now_add=True)
    pdf = models.FileField(upload_to="certificates/", blank=True, max_length=200, storage=private_storage)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [models.CheckConstraint(condition=~models.Q(code=""), name="certificate_has_a_code")]

    def __str__(self):
        return f"{self.code}: {self.student_name}, {self.course_title}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def status(self):
        return "revoked" if self.is_revoked else "valid"
