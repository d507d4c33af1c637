"""The moderation workflow's course review step."""

from wagtail.models import AbstractGroupApprovalTask


class CourseReviewTask(AbstractGroupApprovalTask):
    """The "Course review" step: members of the chosen groups approve, never their own submission.

    A moderator who also writes courses needs a colleague to approve them, so moderation stays a
    second pair of eyes rather than a button.
    """

    def _submitted_by(self, obj, user):
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk

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
