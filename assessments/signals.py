"""Publishing a lesson (directly or by approving its course's review) keeps its Quiz/Assignment rows; their changes reach the cache."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from courses.models import LessonPage
from lms_site import cache_versions

from .models import Assignment, Quiz
from .services import sync_lesson_assessments


@receiver(page_published)
def assessments_follow_publishing(sender, instance, **kwargs):
    if isinstance(instance, LessonPage) or getattr(instance, "specific_class", None) is LessonPage:
        sync_lesson_assessments(instance.specific)


@receiver(post_save, sender=Quiz)
@receiver(post_delete, sender=Quiz)
@receiver(post_save, sender=Assignment)
@receiver(post_delete, sender=Assignment)
def course_assessments_changed(sender, **kwargs):
    # Each course's list of assessments is cached under the "pages" version (gradebook.cached_course_assessments).
    cache_versions.bump(cache_versions.PAGES)
