"""The verbs of enrolment and progress. Views, the API and tasks all call these."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.blocks import gating_blocks

from .access import gate_for
from .certificates import queue_certificate
from .errors import EnrolmentError
from .events import enrolled
from .models import Enrolment, LessonProgress

# Time spent is what the server's clock saw: each heartbeat credits at most the time since the
# previous one plus HEARTBEAT_SLACK_SECONDS (and never more than MAX_HEARTBEAT_SECONDS), and the
# total never exceeds the time since the student first opened the lesson plus the same slack,
# however many heartbeats arrive.
HEARTBEAT_SLACK_SECONDS = 5
MAX_HEARTBEAT_SECONDS = 120
# "Last opened" is for the resume point and the dashboard's order: minutes are precise enough.
REOPEN_QUIET_SECONDS = 300


def enrol(user, course, source=Enrolment.Source.FREE):
    """Enrol a user; idempotent. Returns (enrolment, created).

    Free enrolment only for free courses; purchases and subscriptions pass their own source.
    Draft, private and archived courses take no new students.
    """
    if not getattr(user, "is_authenticated", False):
        raise EnrolmentError("Log in to enrol.", "not_authenticated", status=401)
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing and existing.status == Enrolment.Status.ACTIVE:
        return existing, False
    if not course.live or course.is_archived or course.get_view_restrictions().exists():
        raise EnrolmentError("This course is not open for enrolment.", "not_open", status=409)
    if source == Enrolment.Source.FREE and not course.is_free:
        raise EnrolmentError("This course must be bought or included in a subscription.", "payment_required", status=402)
    try:
        with transaction.atomic():
            if existing:
                existing.status = Enrolment.Status.ACTIVE
                existing.source = source
                existing.save(update_fields=["status", "source"])
                enrolled.send(sender=Enrolment, enrolment=existing)
                return existing, True
            enrolment = Enrolment.objects.create(user=user, course=course, source=source)
            enrolled.send(sender=Enrolment, enrolment=enrolment)
    except IntegrityError:
        # A double submit raced us to the unique constraint: the other request's row stands.
        return Enrolment.objects.get(user=user, course=course), False
    return enrolment, True


def open_lesson(user, lesson, outline):
    """Record that an enrolled student opened a lesson (last accessed, resume point).

    Reopening the lesson they last opened within REOPEN_QUIET_SECONDS writes nothing (a reload,
    the back button): a page view should not take row locks, and the resume point is already right.
    """
    enrolment = outline.enrolment
    if enrolment is None:
        return None
    now = timezone.now()
    quiet_since = now - timedelta(seconds=REOPEN_QUIET_SECONDS)
    last = enrolment.last_accessed_at
    if enrolment.last_lesson_id == lesson.pk and last is not None and last > quiet_since:
        return None
    progress, created = LessonProgress.objects.get_or_create(
        user=user, lesson=lesson,
        defaults={"enrolment": enrolment, "status": LessonProgress.Status.IN_PROGRESS, "last_accessed_at": now,
                  "first_opened_at": now},
    )
    if not created:
        fields = {}
        if progress.last_accessed_at is None or progress.last_accessed_at <= quiet_since:
            fields["last_accessed_at"] = now
        if progress.status == LessonProgress.Status.NOT_STARTED:
            fields["status"] = LessonProgress.Status.IN_PROGRESS
        if progress.first_opened_at is None:
            fields["first_opened_at"] = now
        if fields:
            LessonProgress.objects.filter(pk=progress.pk).update(**fields)
    Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson, last_accessed_at=now)
    return progress


def record_time(user, lesson, seconds, access=None):
    """Add time spent from the lesson page's heartbeat, never more than the server saw pass."""
    if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 0:
        raise EnrolmentError("time_spent must be a whole number of seconds, 0 or more.", "invalid")
    access = gate_for(user, lesson, access).require_tracking()
    with transaction.atomic():
        progress = lock_lesson_progress(user, lesson, access.enrolment)
        now = timezone.now()
        # The clock runs from the previous heartbeat or, for the first one, from opening the lesson.
        since = progress.last_heartbeat_at or progress.first_opened_at
        per_beat = min(MAX_HEARTBEAT_SECONDS, int((now - since).total_seconds()) + HEARTBEAT_SLACK_SECONDS)
        in_total = int((now - progress.first_opened_at).total_seconds()) + HEARTBEAT_SLACK_SECONDS
        credited = max(0, min(seconds, per_beat, in_total - progress.time_spent_seconds))
        progress.time_spent_seconds += credited
        progress.last_heartbeat_at = now
        progress.last_accessed_at = now
        if progress.status == LessonProgress.Status.NOT_STARTED:
            progress.status = LessonProgress.Status.IN_PROGRESS
        progress.save()
    return progress


def lock_lesson_progress(user, lesson, enrolment):
    """The student's LessonProgress, locked for this transaction; a report before any opening opens it now."""
    now = timezone.now()
    progress, _ = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson,
        defaults={"enrolment": enrolment, "status": LessonProgress.Status.IN_PROGRESS, "first_opened_at": now,
                  "last_accessed_at": now},
    )
    if progress.first_opened_at is None:
        progress.first_opened_at = progress.last_accessed_at or now
        progress.save(update_fields=["first_opened_at"])
    return progress


def complete_lesson(user, lesson, access=None):
    """Mark a lesson complete for an enrolled student whose prerequisites are met.

    Lessons with gating blocks complete through those blocks, not this button. Course progress
    and completion change in the same transaction. Returns the LessonProgress.
    """
    access = gate_for(user, lesson, access).require_tracking()
    if access.is_completed:
        return LessonProgress.objects.get(user=user, lesson=lesson)
    if gating_blocks(lesson.body):
        raise EnrolmentError("This lesson completes when its activities are done.", "activities_pending", status=409)
    return mark_complete(user, lesson, access.enrolment)


def mark_complete(user, lesson, enrolment):
    """Complete the lesson and recompute the course's progress, in one transaction (every tracker ends here)."""
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        now = timezone.now()
        progress, _ = LessonProgress.objects.get_or_create(user=user, lesson=lesson, defaults={"enrolment": enrolment})
        if progress.status != LessonProgress.Status.COMPLETED:
            progress.status = LessonProgress.Status.COMPLETED
            progress.completed_at = now
            progress.last_accessed_at = now
            progress.enrolment = enrolment
            progress.save()
        recalculate_progress(enrolment, now=now)
    return progress


def percentage(done, total):
    if total == 0:
        return Decimal("0.00")
    return (Decimal(done) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def recalculate_progress(enrolment, now=None):
    """Set the enrolment's progress from its completed published lessons; stamp completion at 100%."""
    from courses.models import published_lessons

    lesson_ids = published_lessons(enrolment.course).values_list("pk", flat=True)
    total = lesson_ids.count()
    done = LessonProgress.objects.filter(
        user_id=enrolment.user_id, lesson_id__in=lesson_ids, status=LessonProgress.Status.COMPLETED
    ).count()
    enrolment.progress = percentage(done, total)
    fields = ["progress"]
    completes = bool(total and done == total and enrolment.completed_at is None)
    if completes:
        enrolment.completed_at = now or timezone.now()
        fields.append("completed_at")
    enrolment.save(update_fields=fields)
    if completes:
        # Callers hold the enrolment's row lock, so only one of two racing completions gets here.
        queue_certificate(enrolment)
    return enrolment




def withdraw(user, course):
    """End a student's access to a course (a refund, a lapsed subscription). Progress is kept: enrolling
    again resumes where they were. Returns True when an active enrolment was ended."""
    return bool(Enrolment.objects.filter(user=user, course=course, status=Enrolment.Status.ACTIVE)
                .update(status=Enrolment.Status.CANCELLED))
