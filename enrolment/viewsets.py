"""Admin screen for certificates: admins (superusers, Moderators) find one and revoke it with a reason."""

from django import forms
from django.contrib import messages
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from courses.roles import is_moderator
from lms_site.admin_policies import RulePolicy

from .certificates import revoke
from .models import Certificate


class AdminsOnly(RulePolicy):
    """Admins look and revoke; nobody adds or deletes a certificate by hand (completion issues them)."""

    def allows(self, user, action):
        return action in {"view", "change"} and is_moderator(user)


class RevokeForm(forms.ModelForm):
    revocation_reason = forms.CharField(
        label="Revoke: reason", max_length=255, required=True,
        help_text="Saving with a reason revokes the certificate: its verification page then says revoked.",
    )

    class Meta:
        model = Certificate
        fields = ["revocation_reason"]


class RevokeView(EditView):
    def save_instance(self):
        return revoke(self.object, self.request.user, self.form.cleaned_data["revocation_reason"])

    def get_success_message(self, instance=None):
        return f"Certificate {self.object.code} is revoked."


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = "Certificates"
    add_to_admin_menu = True
    menu_order = 420
    form_fields = ["revocation_reason"]
    list_display = ["code", "student_name", "course_title", "issued_at", "status"]
    search_fields = ["code", "student_name", "course_title"]
    edit_view_class = RevokeView
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return RevokeForm


register_permission_policy(Certificate, AdminsOnly(Certificate))
certificate_viewset = CertificateViewSet("certificates")
