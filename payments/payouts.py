"""Payouts: an instructor asks for their available balance; an admin approves, rejects or marks it paid.

- A request needs bank details, at least the threshold (site setting) available, and never more
  than is available: the instructor's user row is locked while the balance is read and the
  request written, so concurrent requests cannot both spend the same money.
- Only superusers decide. Status moves forward only; each move is a PayoutEvent (who, when, note).
  A rejected request's amount returns to the available balance (balances count only requested,
  approved and paid payouts).
- A payout keeps a fingerprint of the bank details it was requested with. Approving or marking
  paid is refused once the instructor's details changed since (or are gone): the money would go
  to an account the request never named. The admin rejects it and the instructor asks again.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .errors import PaymentError
from .ledger import balances
from .bank import fingerprint
from .models import BankDetails, Payout, PayoutEvent
from .money import MoneyError, rand
from .platform import platform_settings

MOVES = {
    "approve": ({Payout.Status.REQUESTED}, Payout.Status.APPROVED),
    "reject": ({Payout.Status.REQUESTED, Payout.Status.APPROVED}, Payout.Status.REJECTED),
    "mark_paid": ({Payout.Status.APPROVED}, Payout.Status.PAID),
}


def may_earn(user):
    return getattr(user, "is_authenticated", False) and user.is_instructor


def request_payout(instructor, amount=None):
    """A payout request for `amount` (default: everything available). Returns the Payout."""
    if not may_earn(instructor):
        raise PaymentError("Only instructors request payouts.", "not_instructor", status=403)
    threshold = platform_settings().payout_threshold
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=instructor.pk).first()
        details = BankDetails.objects.filter(instructor=instructor).first()
        if details is None:
            raise PaymentError("Add your bank details before requesting a payout.", "no_bank_details")
        available = balances(instructor)["available"]
        try:
            amount = available if amount in (None, "") else rand(amount)
        except MoneyError as error:
            raise PaymentError("The amount is not an amount of money.", "invalid_amount") from error
        if available < threshold:
            raise PaymentError(f"Payouts open once R{threshold} is available; you have R{available}.",
                               "below_threshold", available=str(available), threshold=str(threshold))
        if amount <= 0 or amount > available:
            raise PaymentError(f"You can request up to R{available}.", "more_than_available", available=str(available))
        if amount < threshold:
            raise PaymentError(f"A payout is at least R{threshold}.", "below_threshold", available=str(available),
                               threshold=str(threshold))
        payout = Payout.objects.create(instructor=instructor, amount=amount, bank_account=details.masked,
                                       bank_fingerprint=fingerprint(details))
        PayoutEvent.objects.create(payout=payout, status=Payout.Status.REQUESTED, by=instructor)
    return payout


def decide(payout_id, by, action, note=""):
    """Approve, reject (with a reason) or mark paid (with the transfer's reference). Superusers only."""
    if not getattr(by, "is_superuser", False):
        raise PaymentError("Only admins decide payouts.", "not_admin", status=403)
    allowed_from, to = MOVES[action]
    note = (note or "").strip()
    if action == "reject" and not note:
        raise PaymentError("Give a reason for rejecting the payout.", "reason_required")
    if action == "mark_paid" and not note:
        raise PaymentError("Give the reference of the bank transfer.", "reference_required")
    with transaction.atomic():
        payout = Payout.objects.select_for_update().filter(pk=payout_id).first()
        if payout is None:
            raise PaymentError("No such payout.", "not_found", status=404)
        if payout.status not in allowed_from:
            raise PaymentError(f"This payout is {payout.get_status_display().lower()}; it cannot be {to}.",
                               "wrong_status", status=409)
        if action in ("approve", "mark_paid"):
            refuse_if_bank_details_changed(payout)
        now = timezone.now()
        payout.status = to
        fields = ["status"]
        if action in ("approve", "reject"):
            payout.decided_at = now
            fields.append("decided_at")
        if action == "reject":
            payout.reason = note[:255]
            fields.append("reason")
        if action == "mark_paid":
            payout.paid_at, payout.reference = now, note[:100]
            fields += ["paid_at", "reference"]
        payout.save(update_fields=fields)
        PayoutEvent.objects.create(payout=payout, status=to, by=by, note=note[:255])
    return payout


def refuse_if_bank_details_changed(payout):
    """PaymentError (409) when the instructor's bank details are not the ones this payout was requested with."""
    details = BankDetails.objects.filter(instructor_id=payout.instructor_id).first()
    if details is None:
        same = False
    elif payout.bank_fingerprint:
        same = fingerprint(details) == payout.bank_fingerprint
    else:  # requested before fingerprints were kept: the masked account is all there is to compare
        same = details.masked == payout.bank_account
    if not same:
        when = f" on {details.updated_at:%-d %B %Y at %H:%M}" if details is not None else ""
        raise PaymentError(
            f"The instructor's bank details changed{when}, after this payout was requested to {payout.bank_account}. "
            "Reject it; the instructor can then request it again with the new details.",
            "bank_details_changed", status=409)
