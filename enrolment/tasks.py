from celery import shared_task
from django.db import OperationalError


@shared_task
def refresh_course_progress(course_id):
    """Recompute every active enrolment's progress after the course's lessons changed."""
    from .models import Enrolment
    from .services import recalculate_progress

    count = 0
    for enrolment in Enrolment.objects.filter(course_id=course_id, status=Enrolment.Status.ACTIVE).select_related("course"):
        recalculate_progress(enrolment)
        count += 1
    return count


# Routed to the `pdf` queue (settings.CELERY_TASK_ROUTES). Idempotent: a retry or a second
# delivery finds the certificate issued and only renders a PDF that is still missing.
@shared_task(bind=True, autoretry_for=(OperationalError, OSError), retry_backoff=5, retry_backoff_max=600,
             retry_jitter=True, max_retries=6)
def issue_certificate(self, enrolment_id):
    """Issue the completed enrolment's certificate and render its PDF; returns the certificate's code."""
    from .certificates import issue_certificate as issue
    from .models import Enrolment

    if not Enrolment.objects.filter(pk=enrolment_id, completed_at__isnull=False).exists():
        return None  # the enrolment is gone, or its completion was undone before the task ran
    certificate, _ = issue(enrolment_id)
    return certificate.code
