"""Admin screen: every email the site sent (who, what, when, outcome), for admins to look through."""

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from courses.roles import is_moderator

from .models import SentEmail


class AdminsLook(ModelPermissionPolicy):
    """Admins (superusers, Moderators) look; nobody edits the record."""

    def user_has_permission(self, user, action):
        return action == "view" and is_moderator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_permission_for(self, user, action):
        return self.model.objects.all() if self.user_has_permission(user, action) else self.model.objects.none()


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
    inspect_view_fields = ["to", "kind", "subject", "status", "attempts", "error", "created_at", "sent_at", "text"]
    form_fields = ["status"]


register_permission_policy(SentEmail, AdminsLook(SentEmail))
sent_email_viewset = SentEmailViewSet("sent_emails")
