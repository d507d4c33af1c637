"""WAGTAIL_FINISH_WORKFLOW_ACTION points here.

Wagtail imports this setting while it defines its own models, so this module imports nothing
at load time; the work is `courses.review.publish_reviewed_changes`.
"""


def publish_reviewed_changes(workflow_state, user=None):
    from .review import publish_reviewed_changes as publish

    return publish(workflow_state, user=user)
