"""One review for a whole course: what it covers, submitting it, and publishing it on approval.

The rules (see `models.workflow` for how they hook into Wagtail's workflow):
- Submitting a course submits the course page with every section and lesson that has unpublished
  changes; a later edit to one lesson of a live course is reviewed as just that lesson.
- A course never goes live without at least one live lesson: submission is refused with a reason
  when the review would leave none, and so is approval (a lesson may be deleted meanwhile).
- Approval publishes the course and the pinned revisions of its changed pages in one transaction;
  rejection publishes nothing and the moderator's comment reaches the instructor with the course.
"""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.workflows import publish_workflow_state

from .models import CoursePage, LessonPage, SectionPage
from .models.workflow import CourseReviewItem

NO_LESSON = (
    "A course goes live with at least one lesson. Add a section and a lesson in the curriculum, "
    "then submit the course."
)


class ReviewRefused(Exception):
    """Submitting or approving this course is refused; the message says why."""


def changed_pages(course):
    """Sections and lessons of the course whose latest changes are not live, or that are not live at all (tree order)."""
    return list(
        Page.objects.descendant_of(course).filter(Q(has_unpublished_changes=True) | Q(live=False))
        .type(SectionPage, LessonPage).order_by("path").specific()
    )


def lesson_live_after(course, pages):
    """Whether at least one lesson of the course would be live once `pages` are published too."""
    publishing = {page.pk for page in pages}
    sections = SectionPage.objects.child_of(course).values_list("pk", "path", "live")
    open_sections = [path for pk, path, live in sections if live or pk in publishing]
    lessons = LessonPage.objects.descendant_of(course).values_list("pk", "path", "live")
    return any(
        (live or pk in publishing) and any(path.startswith(section) for section in open_sections)
        for pk, path, live in lessons
    )


def submission_problem(course, pages=None):
    """The reason this course cannot be submitted now, or None."""
    pages = changed_pages(course) if pages is None else pages
    if not lesson_live_after(course, pages):
        return NO_LESSON
    return None


def snapshot_changes(task_state, user=None):
    """Record the changed sections and lessons a course review covers, each at its latest revision.

    Called whenever the review task starts (first submission and every resubmission), so the
    review always covers what is unpublished at that moment.
    """
    course = task_state.workflow_state.content_object
    if not isinstance(course.specific, CoursePage):
        return []
    items = []
    for page in changed_pages(course):
        revision = page.get_latest_revision() or page.save_revision(user=user, log_action=False)
        items.append(CourseReviewItem(task_state=task_state, page=page, revision=revision, was_live=page.live))
    return CourseReviewItem.objects.bulk_create(items)


def review_items(task_state):
    return list(CourseReviewItem.objects.filter(task_state=task_state).select_related("page", "revision"))


def current_review(course):
    """The course's workflow state in progress or sent back for changes, or None."""
    return (
        WorkflowState.objects.active().for_instance(course)
        .select_related("current_task_state", "requested_by").first()
    )


def publish_reviewed_changes(workflow_state, user=None):
    """WAGTAIL_FINISH_WORKFLOW_ACTION: publish the approved object and, for a course, its reviewed pages.

    Runs inside WorkflowState.finish's transaction: either everything is live, or nothing is.
    Each page is published at the revision the moderator reviewed, even if its author saved a
    newer draft since (that one waits for the next review).
    """
    publish_workflow_state(workflow_state, user=user)
    task_state = workflow_state.current_task_state
    if task_state is None:
        return
    for item in review_items(task_state):
        item.revision.publish(user=user, skip_permission_checks=True)


def refuse_empty_course(task_state):
    """None if approving may go ahead; else the review page's URL, which explains the refusal."""
    course = task_state.workflow_state.content_object.specific
    if not isinstance(course, CoursePage):
        return None
    pages = [item.page for item in review_items(task_state)]
    if lesson_live_after(course, pages):
        return None
    return reverse("course_review", args=[course.pk]) + "?refused=no-lesson"


def submit_course(course, user):
    """Send the course and its changed pages to review (the verb behind "Submit for review").

    Raises ReviewRefused with the reason when the course is already in review, has nothing that
    would make a lesson live, or has no review workflow.
    """
    with transaction.atomic():
        course = CoursePage.objects.select_for_update().get(pk=course.pk)
        state = current_review(course)
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            raise ReviewRefused("This course is already waiting for review.")
        problem = submission_problem(course)
        if problem:
            raise ReviewRefused(problem)
        workflow = course.get_workflow()
        if workflow is None:
            raise ReviewRefused("No review workflow applies to this course. Ask an administrator.")
        if course.get_latest_revision() is None:
            course.save_revision(user=user, log_action=False)
        if state is not None:  # sent back for changes: the same review goes on, with what changed since
            state.resume(user=user)
        else:
            workflow.start(course, user)
        return current_review(course)


def publish_course_changes(course, user):
    """Publish the course and all its changed pages at once, for someone who may publish (a moderator).

    The same rule as an approval: refused (ReviewRefused) when no lesson would be live.
    """
    with transaction.atomic():
        course = CoursePage.objects.select_for_update().get(pk=course.pk)
        pages = changed_pages(course)
        if not lesson_live_after(course, pages):
            raise ReviewRefused(NO_LESSON)
        state = current_review(course)
        if state is not None:
            state.cancel(user=user)
        revision = course.get_latest_revision() or course.save_revision(user=user, log_action=False)
        revision.publish(user=user)
        for page in pages:
            page.get_latest_revision().publish(user=user)
        return len(pages)


STATUS_LABELS = {
    "draft": "Draft", "in_review": "In review", "changes_requested": "Changes requested",
    "live": "Live", "changes_pending": "Live, changes not submitted",
}


def status_of(page, in_review_ids, sent_back_ids):
    """The state an author sees for one page: draft, in review, changes requested, live or changes pending."""
    if page.pk in in_review_ids:
        return "in_review"
    if page.pk in sent_back_ids:
        return "changes_requested"
    if not page.live:
        return "draft"
    return "changes_pending" if page.has_unpublished_changes else "live"


def review_state(course):
    """(workflow state or None, ids of pages in review, ids of pages sent back) for a course."""
    state = current_review(course)
    if state is None or state.current_task_state_id is None:
        return state, set(), set()
    ids = set(CourseReviewItem.objects.filter(task_state_id=state.current_task_state_id).values_list("page_id", flat=True))
    ids.add(course.pk)
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        return state, ids, set()
    return state, set(), ids


def last_comment(state):
    """The moderator's comment on the latest decision of this review, if any."""
    if state is None:
        return ""
    task_state = TaskState.objects.filter(workflow_state=state).exclude(comment="").order_by("-finished_at").first()
    return task_state.comment if task_state else ""
