from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse

from lms_site.outbox import send_email

# What in allauth's context makes an email carry a one-time secret (a confirmation or reset link, a code).
SECRET_KEYS = ("key", "code", "activate_url")


def account_email_kind(template_prefix):
    """The log's name for an allauth email: "account/email/password_reset_key" -> "account_password_reset_key"."""
    return ("account_" + template_prefix.rsplit("/", 1)[-1])[:40]


def account_holder(context, address):
    """Whom the email is about: allauth's `user` when it names one, else the account with that address (if any)."""
    user = context.get("user")
    if user is not None and getattr(user, "pk", None):
        return user
    return get_user_model().objects.filter(email__iexact=address).first()


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(Group.objects.get(name=settings.STUDENTS_GROUP))
        return user

    def send_mail(self, template_prefix, email, context):
        """Account emails speak as the platform (its name and address from settings), never as
        the host and port the request came in on, which is all allauth's `current_site` knows here.

        allauth renders its templates (`account/email/<name>_subject.txt`, `_message.txt`,
        `_message.html`); the written email then leaves through the site's one door
        (`lms_site.outbox`), so it is logged and queued after commit with retries like every other.
        """
        context = {"platform_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL, **context}
        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, context)
        html = next((body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        text = message.body if message.content_subtype == "plain" else ""
        if message.content_subtype == "html":
            html = message.body
        for to in message.to:
            send_email(to, message.subject, text, html, user=account_holder(context, to),
                       kind=account_email_kind(template_prefix), secret=any(k in context for k in SECRET_KEYS))

    def format_email_subject(self, subject):
        return subject  # our subjects name the platform themselves: no "[127.0.0.1:8000]" prefix

    def get_password_change_redirect_url(self, request):
        return reverse("profile")  # where "Change password" was chosen, with a message that it worked
