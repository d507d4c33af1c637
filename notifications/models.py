"""In-app notices, each person's email choice, and the log of every email the site sent."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """One notice in a person's bell. `key` makes a notice idempotent: the same event never notifies twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""),
                                               name="one_notification_per_event")]

    def __str__(self):
        return f"{self.kind} for {self.user_id}"

    @property
    def is_read(self):
        return self.read_at is not None


class EmailPreference(models.Model):
    """A person's choice about emails that are not essential (essential ones: certificates, grades of their work...)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference")
    optional_emails = models.BooleanField(
        "send me optional emails", default=True,
        help_text="Enrolment confirmations, daily digests, course news. Emails about your certificates, "
                  "your graded work and your account always come.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user_id}: optional emails {'on' if self.optional_emails else 'off'}"


class SentEmail(models.Model):
    """Who was emailed what and when, and how it went: the admins' record of outgoing email."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (opted out)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="emails_sent")
    to = models.EmailField()
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=255)
    text = models.TextField()
    html = models.TextField(blank=True)
    attachments = models.JSONField(
        default=list, blank=True,
        help_text="What is attached, by reference (lms_site.outbox.Attachment): rendered again when it is sent.")
    secret = models.BooleanField(
        default=False, help_text="The body holds a one-time link (password reset, email confirmation): admins do not "
                                 "see it, and it is forgotten once the email is sent.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.kind} to {self.to}: {self.status}"

    WITHHELD = "(Withheld: this email carries a one-time sign-in or confirmation link.)"

    def get_text_display(self):
        """The text as admins read it (the inspect screen asks for this): a one-time link's email is withheld."""
        return self.WITHHELD if self.secret else self.text

    def get_attachments_display(self):
        return ", ".join(a.get("filename", "") for a in self.attachments or []) or "None"
