"""Wagtail's user screens with our extra profile fields, and its admin password reset sending through the outbox."""

from django.template import loader
from wagtail.admin.forms.auth import PasswordResetForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from lms_site.outbox import send_email

EXTRA_FIELDS = {"timezone", "default_revenue_share"}


class WagtailUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | EXTRA_FIELDS


class WagtailUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | EXTRA_FIELDS


class AdminPasswordResetForm(PasswordResetForm):
    """Wagtail's "Forgotten password?" (/admin/password_reset/), its email written by Wagtail's templates
    but sent like every other: logged (its link withheld) and queued after commit
    (settings.WAGTAILADMIN_USER_PASSWORD_RESET_FORM)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        text = loader.render_to_string(email_template_name, context)
        html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else ""
        send_email(to_email, subject, text, html, user=context.get("user"), kind="admin_password_reset", secret=True)
