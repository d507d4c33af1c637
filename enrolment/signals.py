"""Keep students' progress right as a course's pages change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from courses.models import CoursePage, LessonPage, SectionPage
from lms_site import cache_versions
from lms_site.tasks import queue_after_commit

from .models import Enrolment


@receiver(page_published)
def lesson_set_changed_on_publish(sender, instance, **kwargs):
    queue_progress_refresh(instance)


@receiver(page_unpublished)
def lesson_set_changed_on_unpublish(sender, instance, **kwargs):
    queue_progress_refresh(instance)


def queue_progress_refresh(page):
    """A lesson or section published or withdrawn changes every enrolled student's percentage."""
    if page.specific_class not in (LessonPage, SectionPage):
        return
    course = CoursePage.objects.ancestor_of(page).first()
    if course is None:
        return
    # A course nobody takes yet has no percentages to fix (keeps publishing a new course quiet).
    if not Enrolment.objects.filter(course=course, status=Enrolment.Status.ACTIVE).exists():
        return
    from .tasks import refresh_course_progress

    queue_after_commit(refresh_course_progress, course.pk)


@receiver(post_save, sender=Enrolment)
def student_count_may_have_changed(sender, instance, created, update_fields=None, **kwargs):
    """Visitors' cached cards and course pages show active students: a new, ended or resumed
    enrolment changes that count; progress updates do not."""
    if created or update_fields is None or "status" in update_fields:
        cache_versions.bump(cache_versions.VISITOR)


@receiver(post_delete, sender=Enrolment)
def student_count_fell(sender, instance, **kwargs):
    cache_versions.bump(cache_versions.VISITOR)
