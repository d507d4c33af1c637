"""Keep students' progress right as a course's pages change."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from courses.models import CoursePage, LessonPage, SectionPage
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
