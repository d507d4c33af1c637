"""The moderation workflow's course review step, and the pages each review covers.

A course is reviewed as a whole: the "Course review" workflow runs on the CoursePage only
(sections and lessons have no workflow of their own, see `pages.CourseTreePage`). When the
review task starts, on submission or resubmission, it records every section and lesson with
unpublished changes as a `CourseReviewItem` of that task state, pinned to the revision the
moderator will see. One approval publishes the course and exactly those revisions in one
transaction (`courses.review.publish_reviewed_changes`); one rejection sends the whole change
back with its comment and publishes nothing.
"""

from django.db import models
from wagtail.models import AbstractGroupApprovalTask


class CourseReviewTask(AbstractGroupApprovalTask):
    """The "Course review" step: members of the chosen groups approve, never their own submission.

    A moderator who also writes courses needs a colleague to approve them, so moderation stays a
    second pair of eyes rather than a button.
    """

    def _submitted_by(self, obj, user):
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk

    def start(self, workflow_state, user=None):
        from ..review import snapshot_changes

        task_state = super().start(workflow_state, user=user)
        snapshot_changes(task_state, user)
        return task_state

    def on_action(self, task_state, user, action_name, **kwargs):
        """Approve or reject the whole course change; approval is refused (with a reason) if no lesson would be live."""
        from ..review import refuse_empty_course

        if action_name == "approve":
            refused = refuse_empty_course(task_state)
            if refused:
                return refused  # the URL of the review page, which says why
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_actions(self, obj, user):
        if self._submitted_by(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return super().get_task_states_user_can_moderate(user, **kwargs).exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve, except the person who submitted the change"

    class Meta:
        verbose_name = "course review task"


class CourseReviewItem(models.Model):
    """A section or lesson whose unpublished changes ride along with its course's review."""

    task_state = models.ForeignKey("wagtailcore.TaskState", on_delete=models.CASCADE, related_name="course_review_items")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    was_live = models.BooleanField(help_text="The page was already live when the change was submitted.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task_state", "page"], name="one_review_item_per_page")]
        ordering = ["page__path"]

    def __str__(self):
        return f"{self.page.title} in review {self.task_state_id}"
