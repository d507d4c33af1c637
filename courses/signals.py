"""Keep a course's instructor and its students' progress right as pages change."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished


@receiver(page_published)
def lesson_set_changed_on_publish(sender, instance, **kwargs):
    _queue_progress_refresh(instance)


@receiver(page_unpublished)
def lesson_set_changed_on_unpublish(sender, instance, **kwargs):
    _queue_progress_refresh(instance)


def _queue_progress_refresh(page):
    # A lesson published or withdrawn changes every enrolled student's percentage.
    from .models import CoursePage, LessonPage, SectionPage

    specific = page.specific_class
    if specific not in (LessonPage, SectionPage):
        return
    course = CoursePage.objects.ancestor_of(page).first()
    if course is None:
        return
    from enrolment.models import Enrolment
    from enrolment.tasks import refresh_course_progress

    # A course nobody takes yet has no percentages to fix (keeps publishing a new course quiet).
    if not Enrolment.objects.filter(course=course, status=Enrolment.Status.ACTIVE).exists():
        return

    transaction.on_commit(lambda: refresh_course_progress.delay(course.pk))
