from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(Group.objects.get(name=settings.STUDENTS_GROUP))
        return user

    def send_mail(self, template_prefix, email, context):
        """Account emails speak as the platform (its name and address from settings), never as
        the host and port the request came in on, which is all allauth's `current_site` knows here."""
        context = {"platform_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL, **context}
        super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        return subject  # our subjects name the platform themselves: no "[127.0.0.1:8000]" prefix

    def get_password_change_redirect_url(self, request):
        return reverse("profile")  # where "Change password" was chosen, with a message that it worked
