from celery import shared_task


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
