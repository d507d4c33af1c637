"""The payments room's refusals."""

from lms_site.errors import DomainError


class PaymentError(DomainError):
    """A checkout, refund or payout the rules refuse (400 unless a status is given)."""
