"""Wagtail's own moderation emails, brought under the site's rules.

Wagtail connects four notifiers to its workflow signals (`wagtail.admin.signal_handlers`): on
submission it emails the task's groups and every superuser (`task_submitted`) and, again, every
superuser (`workflow_submitted`); on approval or rejection it emails the person who submitted.
For a course, `receivers.py` already tells exactly those people, through `notify` (the bell and
the logged email, with our wording and links): Wagtail's emails would be second copies, sent at
once inside the request, unlogged. So for courses they are not sent; for any other page an
admin may give a workflow, Wagtail's emails still go, written by Wagtail's templates, but through
the site's one email function (`lms_site.outbox.send_email`), so they are logged and queued too.

The replacement notifiers take Wagtail's `dispatch_uid`s: connected first (this app's `ready`
runs before `wagtail.admin`'s), Wagtail's own connect of the same uid is then a no-op; connected
later, Wagtail's are disconnected first. Either way each signal has one notifier.

The page editor's comment notifications have no signal: the edit view calls
`wagtail.admin.mail.send_notification`, which sends through that module's `send_mail`. Wagtail
offers no setting or hook for it, so `send_mail` in that module is replaced by one that hands each
recipient's email to the outbox (`route_wagtail_mail`); a test sends a comment notification and
finds it in the log, so a Wagtail upgrade that moves this is noticed.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils.translation import override
from wagtail.admin import mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from courses.models import CoursePage
from lms_site.outbox import send_email


def reviewed_object(instance):
    state = instance.workflow_state if isinstance(instance, TaskState) else instance
    return state.content_object


class ThroughTheOutbox:
    """Skips courses (ours tell those people); sends the rest through the site's one email function."""

    def can_handle(self, instance, **kwargs):
        if not super().can_handle(instance, **kwargs):
            return False
        content = reviewed_object(instance)
        return not isinstance(getattr(content, "specific", content), CoursePage)

    def send_emails(self, template_set, context, recipients, **kwargs):
        for recipient in recipients:
            context["user"] = recipient
            with override(recipient.wagtail_userprofile.get_preferred_language()):
                subject = render_to_string(template_set["subject"], context).strip()
                text = render_to_string(template_set["text"], context).strip()
            html = (render_to_string(template_set["html"], context)
                    if getattr(settings, "WAGTAILADMIN_NOTIFICATION_USE_HTML", False) else "")
            send_email(recipient.email, subject, text, html, user=recipient,
                       kind=f"wagtail_workflow_{self.notification}")
        return True


class TaskSubmitted(ThroughTheOutbox, mail.GroupApprovalTaskStateSubmissionEmailNotifier):
    pass


class WorkflowSubmitted(ThroughTheOutbox, mail.WorkflowStateSubmissionEmailNotifier):
    pass


class WorkflowApproved(ThroughTheOutbox, mail.WorkflowStateApprovalEmailNotifier):
    pass


class WorkflowRejected(ThroughTheOutbox, mail.WorkflowStateRejectionEmailNotifier):
    pass


# (signal, sender, Wagtail's dispatch_uid, our notifier), as wagtail.admin.signal_handlers connects them.
NOTIFIERS = [
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification", TaskSubmitted()),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification", WorkflowSubmitted()),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification", WorkflowRejected()),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification", WorkflowApproved()),
]


def send_wagtail_mail(subject, message, recipient_list, from_email=None, **kwargs):
    """Wagtail's `wagtail.admin.mail.send_mail`, through the outbox: one logged email per recipient."""
    people = get_user_model().objects
    for address in recipient_list:
        send_email(address, subject, message, kwargs.get("html_message") or "",
                   user=people.filter(email__iexact=address).first(), kind="wagtail_admin_notice")
    return len(recipient_list)


def route_wagtail_mail():
    for signal, sender, uid, notifier in NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(notifier, sender=sender, dispatch_uid=uid)
    mail.send_mail = send_wagtail_mail
