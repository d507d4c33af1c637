"""Instructors' bank details: the account number encrypted at rest, shown masked.

The key is derived from FIELD_ENCRYPTION_KEY (HMAC-SHA256 with a purpose label, then Fernet), so
the database alone never reveals an account number. Only the masked form (bank, last four
digits) is ever shown; the full number is read back for admins paying the payout.

Changing saved details is where a stolen session would steal money, so it needs the instructor's
current password (a few wrong ones per quarter hour, then a pause), and the instructor is emailed
that they changed. A payout keeps a fingerprint of the details it was requested with; an admin
cannot approve or pay it once they changed (`payouts.decide`).
"""

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from lms_site.links import absolute_url
from lms_site.outbox import send_email

from .errors import PaymentError
from .models import BankDetails

ACCOUNT_NUMBER = re.compile(r"^\d{6,16}$")
BRANCH_CODE = re.compile(r"^\d{6}$")
WRONG_PASSWORDS_ALLOWED = 5  # per instructor per WRONG_PASSWORD_WINDOW seconds
WRONG_PASSWORD_WINDOW = 15 * 60


def derived_key(purpose):
    key = getattr(settings, "FIELD_ENCRYPTION_KEY", "")
    if not key:
        raise ImproperlyConfigured("Set FIELD_ENCRYPTION_KEY to store bank details.")
    return hmac.new(key.encode(), purpose, hashlib.sha256).digest()


def fernet():
    return Fernet(base64.urlsafe_b64encode(derived_key(b"leerhuis.payments.bank-details")))


def fingerprint(details):
    """A keyed hash of everything a transfer goes to (holder, bank, branch, type, full number): equal only
    for the same details, and useless to anyone without FIELD_ENCRYPTION_KEY (account numbers are guessable)."""
    text = "\x1f".join([details.account_holder, details.bank_name, details.branch_code, details.account_type,
                        account_number(details)])
    return hmac.new(derived_key(b"leerhuis.payments.bank-fingerprint"), text.encode(), hashlib.sha256).hexdigest()


def check_current_password(instructor, password):
    """Re-authentication before saved details change: PaymentError (400, or 429 after too many wrong ones)."""
    key = f"payments:bank-password-wrong:{instructor.pk}"
    if (cache.get(key) or 0) >= WRONG_PASSWORDS_ALLOWED:
        raise PaymentError("Too many wrong passwords; try again in 15 minutes.", "too_many_attempts", status=429)
    if not password:
        raise PaymentError("Enter your current password to change your bank details.", "password_required",
                           fields={"current_password": "Your current password is required to change bank details."})
    if not instructor.has_usable_password():
        raise PaymentError("Set a password for your account first (Account > Password), then change your bank "
                           "details.", "password_required", fields={"current_password": "Your account has no password."})
    if not instructor.check_password(password):
        if not cache.add(key, 1, WRONG_PASSWORD_WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired just now
                cache.set(key, 1, WRONG_PASSWORD_WINDOW)
        raise PaymentError("That is not your current password; your bank details are unchanged.", "wrong_password",
                           fields={"current_password": "Not your current password."})


def encrypt(text):
    return fernet().encrypt(text.encode()).decode()


def decrypt(token):
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured("Bank details cannot be read with this FIELD_ENCRYPTION_KEY.") from error


def save_bank_details(instructor, *, account_holder, bank_name, branch_code, account_number, account_type,
                      current_password=None):
    """Store (or replace) an instructor's bank details; PaymentError naming the field when one is wrong.

    Replacing saved details needs `current_password` and emails the instructor a notice after commit.
    """
    account_number = re.sub(r"[\s-]", "", str(account_number or ""))
    branch_code = re.sub(r"\s", "", str(branch_code or ""))
    problems = {}
    if not str(account_holder or "").strip():
        problems["account_holder"] = "Give the name on the account."
    if not str(bank_name or "").strip():
        problems["bank_name"] = "Give the bank's name."
    if not BRANCH_CODE.match(branch_code):
        problems["branch_code"] = "A branch code is 6 digits."
    if not ACCOUNT_NUMBER.match(account_number):
        problems["account_number"] = "An account number is 6 to 16 digits."
    if account_type not in BankDetails.AccountType.values:
        problems["account_type"] = f"Choose one of: {', '.join(BankDetails.AccountType.values)}."
    if problems:
        raise PaymentError("The bank details are not complete.", "invalid_bank_details", fields=problems)
    with transaction.atomic():
        before = BankDetails.objects.select_for_update().filter(instructor=instructor).first()
        if before is not None:
            check_current_password(instructor, current_password)
        details, _ = BankDetails.objects.update_or_create(instructor=instructor, defaults={
            "account_holder": account_holder.strip()[:120], "bank_name": bank_name.strip()[:80],
            "branch_code": branch_code, "account_type": account_type,
            "account_number_encrypted": encrypt(account_number), "account_last4": account_number[-4:],
        })
        if before is not None:
            send_bank_details_notice(instructor, before.masked, details.masked)
    return details


def account_number(details):
    """The full account number, for the admin making the transfer."""
    return decrypt(details.account_number_encrypted)


def send_bank_details_notice(instructor, before, after):
    """Tell an instructor their payout bank details changed (masked: bank and last four digits only).

    Through the one outbox (logged, sent after commit with retries): a rolled-back change tells no one.
    """
    context = {"instructor": instructor, "before": before, "after": after, "site_name": settings.WAGTAIL_SITE_NAME,
               "changed_at": timezone.localtime(), "earnings_url": absolute_url("/payments/earnings/")}
    send_email(instructor.email, f"Your payout bank details changed on {settings.WAGTAIL_SITE_NAME}",
               render_to_string("payments/email/bank_details_changed.txt", context), user=instructor,
               kind="bank_details_changed")
