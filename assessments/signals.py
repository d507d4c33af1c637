"""Publishing a lesson (directly or by approving its course's review) keeps its Quiz/Assignment rows."""

from django.dispatch import receiver
from wagtail.signals import page_published

from courses.models import LessonPage

from .services import sync_lesson_assessments


@receiver(page_published)
def assessments_follow_publishing(sender, instance, **kwargs):
    if isinstance(instance, LessonPage) or getattr(instance, "specific_class", None) is LessonPage:
        sync_lesson_assessments(instance.specific)
