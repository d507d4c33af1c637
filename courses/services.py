"""Course-level verbs that the admin hooks and the API share."""

from django.db import transaction


def remap_copied_prerequisites(original, copy, user=None):
    """After Wagtail copies a course, point each copied lesson's prerequisites at the copies.

    Wagtail copies many-to-many values as they are, so without this a duplicated course's lessons
    would still require lessons of the original course. Both trees have the same shape, so the
    n-th lesson of one is the n-th lesson of the other.
    """
    from .models import LessonPage

    old = list(LessonPage.objects.descendant_of(original).order_by("path"))
    new = list(LessonPage.objects.descendant_of(copy).order_by("path"))
    if len(old) != len(new):
        return 0
    mapping = {o.pk: n for o, n in zip(old, new)}
    through = LessonPage.prerequisites.through
    edges = list(through.objects.filter(from_lessonpage__in=old).values_list("from_lessonpage_id", "to_lessonpage_id"))
    changed = 0
    with transaction.atomic():
        for lesson in new:
            lesson.prerequisites.clear()
        for source, target in edges:
            if target in mapping:
                mapping[source].prerequisites.add(mapping[target])
        for lesson in new:
            lesson.save()
            # The editor opens the latest revision, so it must carry the remapped prerequisites too.
            lesson.save_revision(user=user, log_action=False, changed=False)
            changed += 1
    return changed
