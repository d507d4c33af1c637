"""Email delivery and the daily digest. Routed to the `emails` queue (settings.CELERY_TASK_ROUTES)."""

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from lms_site.outbox import build_message

logger = logging.getLogger(__name__)
TRANSIENT = (smtplib.SMTPException, OSError, ConnectionError, TimeoutError)
MAX_RETRIES = 5


def backoff(retries):
    """Seconds before the next try: 30 s, 1 min, 2 min, 4 min, 8 min."""
    return min(30 * 2 ** retries, 3600)


def attempt(sent_email_id, final):
    """One try at sending a recorded email: "sent", "failed", "retry" (with the error), or the row's settled status."""
    from .models import SentEmail

    row = SentEmail.objects.filter(pk=sent_email_id).first()
    if row is None or row.status in (SentEmail.Status.SENT, SentEmail.Status.SKIPPED):
        return (row.status if row else None), None
    try:
        # Attachments are rendered now, from what their provider stored (an invoice's own figures).
        build_message(row.to, row.subject, row.text, row.html, row.attachments).send()
    except TRANSIENT as error:
        failed = {"attempts": row.attempts + 1, "error": f"{type(error).__name__}: {error}"[:500],
                  "status": SentEmail.Status.FAILED if final else SentEmail.Status.QUEUED}
        if final and row.secret:
            failed.update(text="", html="")
        SentEmail.objects.filter(pk=row.pk).update(**failed)
        return (SentEmail.Status.FAILED, error) if final else ("retry", error)
    except Exception as error:  # noqa: BLE001 - recorded for admins rather than left "queued" for ever
        # A fault no retry cures (an attachment that cannot be rendered): failed at once, logged.
        logger.exception("Email %s could not be built", row.pk)
        broken = {"attempts": row.attempts + 1, "status": SentEmail.Status.FAILED,
                  "error": f"{type(error).__name__}: {error}"[:500], **({"text": "", "html": ""} if row.secret else {})}
        SentEmail.objects.filter(pk=row.pk).update(**broken)
        return SentEmail.Status.FAILED, error
    done = {"attempts": row.attempts + 1, "status": SentEmail.Status.SENT, "sent_at": timezone.now(), "error": ""}
    if row.secret:
        done.update(text="", html="")  # a one-time link is not kept once it has gone
    SentEmail.objects.filter(pk=row.pk).update(**done)
    return SentEmail.Status.SENT, None


@shared_task(bind=True, max_retries=MAX_RETRIES)
def deliver_email(self, sent_email_id):
    """Send one recorded email, retrying transient failures with growing waits; the outcome is recorded.

    Idempotent: an email already sent (or skipped) is not sent again.
    """
    retries = self.request.retries or 0
    while True:
        outcome, error = attempt(sent_email_id, final=retries >= self.max_retries)
        if outcome != "retry":
            return outcome
        countdown = backoff(retries)
        if not self.request.is_eager:
            raise self.retry(exc=error, countdown=countdown)
        # Eager tasks (make run, tests) have no worker to come back later: the next try is now.
        retries += 1


@shared_task
def send_enrolment_digests(day=None):
    """Each instructor hears once a day (Celery beat) about yesterday's new students in their courses."""
    from .receivers import enrolment_digest

    today = timezone.localdate() if day is None else timezone.datetime.fromisoformat(day).date()
    return enrolment_digest(today - timedelta(days=1))
