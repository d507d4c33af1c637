"""A course waiting for review, and a moderator's decision on it, as Wagtail's workflow takes them."""

from wagtail.models import WorkflowState

from courses.models import CoursePage, LessonPage, SectionPage

from . import make_course


def draft_course(owner):
    """A one-lesson course never published, every page with a draft revision: ready to submit."""
    course = make_course(owner, title="Household budgets", sections=1, lessons_per_section=1, live=False, chain=False)
    for page in [course, *SectionPage.objects.descendant_of(course), *LessonPage.objects.descendant_of(course)]:
        page.has_unpublished_changes = True
        page.save()
        page.save_revision(user=owner)
    return CoursePage.objects.get(pk=course.pk)


def act(course, moderator, action, **kwargs):
    """The moderator's `action` ("approve", "reject") on the course's current review task."""
    task_state = WorkflowState.objects.active().for_instance(course).get().current_task_state
    task_state.task.specific.on_action(task_state, moderator, action, **kwargs)
