"""Which lessons use a document, an H5P package or any other object, per Wagtail's reference index.

The index records the chooser blocks and rich-text links of every page when it is saved; callers
that grant access check the lesson's live body as well, so a stale entry never grants anything.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex


def lessons_referencing(obj):
    """LessonPages (live or draft) whose content references `obj`, in tree order, bodies deferred."""
    from .models import LessonPage

    ids = {
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(obj)
        .filter(content_type=ContentType.objects.get_for_model(LessonPage))
        .values_list("object_id", flat=True)
        if str(object_id).isdigit()
    }
    if not ids:
        return LessonPage.objects.none()
    return LessonPage.objects.filter(pk__in=ids).order_by("path")
