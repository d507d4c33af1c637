"""Moving a student's lesson clock back, to stand for time really spent on the lesson."""

from datetime import timedelta

from django.db.models import F


def rewind_lesson(user, lesson, seconds):
    """Pretend the student opened the lesson, and sent their last heartbeat and video report, `seconds` earlier."""
    from enrolment.models import BlockProgress, LessonProgress

    back = timedelta(seconds=seconds)
    rows = LessonProgress.objects.filter(user=user, lesson=lesson)
    rows.filter(first_opened_at__isnull=False).update(first_opened_at=F("first_opened_at") - back)
    rows.filter(last_heartbeat_at__isnull=False).update(last_heartbeat_at=F("last_heartbeat_at") - back)
    BlockProgress.objects.filter(user=user, lesson=lesson, last_report_at__isnull=False).update(
        last_report_at=F("last_report_at") - back
    )


def open_lesson_ago(user, lesson, seconds):
    """The enrolled student opened the lesson `seconds` ago (as the lesson page or API would record)."""
    from django.utils import timezone

    from enrolment.models import Enrolment, LessonProgress

    enrolment = Enrolment.objects.get(user=user, course=lesson.course)
    moment = timezone.now() - timedelta(seconds=seconds)
    progress, _ = LessonProgress.objects.update_or_create(
        user=user, lesson=lesson,
        defaults={"enrolment": enrolment, "status": LessonProgress.Status.IN_PROGRESS,
                  "first_opened_at": moment, "last_accessed_at": moment},
    )
    return progress
