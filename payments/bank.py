"""Instructors' bank details: the account number encrypted at rest, shown masked.

The key is derived from FIELD_ENCRYPTION_KEY (HMAC-SHA256 with a purpose label, then Fernet), so
the database alone never reveals an account number. Only the masked form (bank, last four
digits) is ever shown; the full number is read back for admins paying the payout.
"""

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .errors import PaymentError
from .models import BankDetails

ACCOUNT_NUMBER = re.compile(r"^\d{6,16}$")
BRANCH_CODE = re.compile(r"^\d{6}$")


def fernet():
    key = getattr(settings, "FIELD_ENCRYPTION_KEY", "")
    if not key:
        raise ImproperlyConfigured("Set FIELD_ENCRYPTION_KEY to store bank details.")
    derived = hmac.new(key.encode(), b"leerhuis.payments.bank-details", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt(text):
    return fernet().encrypt(text.encode()).decode()


def decrypt(token):
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured("Bank details cannot be read with this FIELD_ENCRYPTION_KEY.") from error


def save_bank_details(instructor, *, account_holder, bank_name, branch_code, account_number, account_type):
    """Store (or replace) an instructor's bank details; PaymentError naming the field when one is wrong."""
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
    details, _ = BankDetails.objects.update_or_create(instructor=instructor, defaults={
        "account_holder": account_holder.strip()[:120], "bank_name": bank_name.strip()[:80], "branch_code": branch_code,
        "account_type": account_type, "account_number_encrypted": encrypt(account_number),
        "account_last4": account_number[-4:],
    })
    return details


def account_number(details):
    """The full account number, for the admin making the transfer."""
    return decrypt(details.account_number_encrypted)
