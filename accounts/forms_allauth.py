"""allauth's forms in the site's words: sentence-case labels, plain phrases. In a module of their
own: allauth.account.forms imports accounts.forms for the sign-up fields, so accounts.forms cannot
import allauth's forms back."""

from allauth.account import forms as allauth_forms

LABELS = {
    "remember": "Keep me logged in on this device",
    "oldpassword": "Current password",
    "password1": "New password",
    "password2": "New password again",
}


def relabel(form):
    for name, label in LABELS.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].widget.attrs.pop("placeholder", None)  # the label says it; a placeholder only repeats it


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(self)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(self)


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(self)
