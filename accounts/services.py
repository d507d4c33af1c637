"""Account verbs shared by the API and the site."""

from allauth.account.internal import flows
from allauth.account.models import EmailAddress, Login
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

DEFAULT_TIMEZONE = "Africa/Johannesburg"


def register_student(request, *, email, password, first_name, last_name, timezone=None):
    """Sign up a student, without telling the caller whether the address already had an account.

    A new address gets an unverified student account and allauth's verification email. A taken
    one (or one a double submit took a moment ago) changes no account: its owner gets allauth's
    "account already exists" email instead, as the web sign-up does under
    ACCOUNT_PREVENT_ENUMERATION. Both paths hash the password once and send at most one email
    (both under allauth's "confirm_email" limit), so neither the answer nor its time gives the
    difference away. Returns the address in the form it was looked up.
    """
    # allauth's own assessment; it refuses outright only when enumeration prevention is off.
    email, already_exists = flows.manage_email.email_already_exists(email.lower())
    if not already_exists:
        try:
            with transaction.atomic():
                address = _create_student(email, password, first_name, last_name, timezone)
        except IntegrityError:  # a double submit won the race to the unique email
            already_exists = True
        else:
            flows.email_verification.send_verification_email_to_address(request, address, signup=True)
            return email
    make_password(password)  # the hashing create_user does, so the answer takes as long
    flows.email_verification.send_verification_email_at_fake_login(
        request, Login(user=None, email=email, signup=True)
    )
    return email


def _create_student(email, password, first_name, last_name, timezone):
    user = get_user_model().objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name,
        timezone=timezone or DEFAULT_TIMEZONE,
    )
    user.groups.add(Group.objects.get(name=settings.STUDENTS_GROUP))
    return EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
