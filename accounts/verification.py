"""The "check your email" step of signing up: which address waits for its link, and sending it again.

allauth keeps the visitor who just signed up (or tried to log in unverified) in their session as a
pending login at its email verification stage, for ACCOUNT_LOGIN_TIMEOUT (15 minutes). Sending again
goes through allauth's own flow, so its rate limit ("confirm_email": one email per address per three
minutes) and its enumeration protection (an address that already has an account gets the "you
already have an account" email instead, and the page looks the same) hold here too.
"""

from allauth.account.internal.flows.email_verification import send_verification_email_at_login
from allauth.account.stages import EmailVerificationStage, LoginStageController


def pending_login(request):
    stage = LoginStageController.enter(request, EmailVerificationStage.key)
    return stage.login if stage else None


def waiting_address(request):
    """The address this visitor's verification link went to, or "" when none is pending."""
    login = pending_login(request)
    if login is None:
        return ""
    # After a sign-up allauth keeps the new user (login.email is for logins by email address).
    return login.email or (login.user.email if login.user else "") or ""


def send_again(request):
    """None when nothing is pending; else whether an email went out (False: the rate limit held it)."""
    login = pending_login(request)
    if login is None or not (login.user or login.email):
        return None
    return bool(send_verification_email_at_login(request, login))
