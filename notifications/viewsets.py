"""Admin screen: every email the site sent (who, what, when, outcome), for admins to look through."""

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from courses.roles import is_moderator
from lms_site.admin_policies import RulePolicy

from .models import SentEmail


class AdminsLook(RulePolicy):
    """Admins (superusers, Moderators) look; nobody edits the record."""

    def allows(self, user, action):
        return action == "view" and is_moderator(user)


class SentEmailViewSet(ModelViewSet):
    model = SentEmail
    icon = "mail"
    menu_label = "Emails sent"
    add_to_admin_menu = True
    menu_order = 430
    list_display = ["subject", "to", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    inspect_view_enabled = True
    inspect_view_fields = ["to", "kind", "subject", "status", "attempts", "error", "created_at", "sent_at",
                           "attachments", "text"]
    form_fields = ["status"]


register_permission_policy(SentEmail, AdminsLook(SentEmail))
sent_email_viewset = SentEmailViewSet("sent_emails")
