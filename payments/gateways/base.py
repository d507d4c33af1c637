"""The one interface every payment gateway implements, and the typed answers it gives.

A gateway turns an Order into a checkout (a redirect or a form to post), verifies a transaction
with its server, and reads a webhook delivery into normalised `GatewayEvent`s after checking
that the delivery is authentic. It never changes our rows: `payments.services` decides what an
event does to an order, so every gateway gets the same amount, currency and idempotency checks.

Adding a gateway is one module with a `Gateway` subclass, named in `settings.PAYMENT_GATEWAYS`
(`payments/tests/third_gateway.py` shows one that lives only in the tests).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from lms_site.errors import DomainError


class EventKind:
    PAID = "paid"
    FAILED = "failed"
    REFUNDED = "refunded"
    SUBSCRIPTION_STARTED = "subscription_started"
    SUBSCRIPTION_CANCELLED = "subscription_cancelled"
    RENEWAL_FAILED = "renewal_failed"
    IGNORED = "ignored"


@dataclass(frozen=True)
class Checkout:
    """Where the buyer goes to pay: a URL to redirect to, or a form to post (fields in signing order)."""

    redirect_url: str = ""
    form_action: str = ""
    form_fields: tuple = ()  # ((name, value), ...)
    gateway_reference: str = ""

    def as_api(self):
        if self.form_action:
            return {"redirect_url": None, "form": {"action": self.form_action,
                                                   "fields": [[k, v] for k, v in self.form_fields]}}
        return {"redirect_url": self.redirect_url}


@dataclass(frozen=True)
class GatewayEvent:
    """One thing the gateway says happened, in our words.

    `key` is the gateway's idempotency key for this event (PayStack: event + data.id; PayFast:
    pf_payment_id + status): the same key twice changes state once. Amounts are Decimal rand.
    """

    kind: str
    key: str
    name: str  # the gateway's own event name ("charge.success", "COMPLETE")
    reference: str = ""  # our Order reference
    transaction_id: str = ""
    amount: Decimal | None = None
    currency: str = ""
    fee: Decimal | None = None
    subscription_code: str = ""
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Verification:
    """What the gateway's server says about a transaction when asked directly."""

    paid: bool
    status: str
    reference: str = ""
    transaction_id: str = ""
    amount: Decimal | None = None
    currency: str = ""
    fee: Decimal | None = None
    data: dict = field(default_factory=dict)


def origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class GatewayError(DomainError):
    """The gateway refused, could not be reached, or is not configured (502/503)."""

    status = 502


class WebhookRefused(Exception):
    """A delivery that is not authentic (signature, source, validation): recorded and refused."""

    def __init__(self, message, code, status=400):
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


class Gateway:
    slug = ""
    label = ""
    # Shown to buyers beside the gateway's name (e.g. "Test payment: no money moves").
    note = ""
    supports_subscriptions = False
    supports_refunds = False
    # The settings (from the environment) this gateway cannot work without.
    key_names = ()

    def is_configured(self):
        """True when every key this gateway needs is set; an unconfigured gateway is unavailable, never half-working."""
        return not self.missing_keys()

    def missing_keys(self):
        """The names (never the values) of the keys that are not set."""
        from django.conf import settings

        return [name for name in self.key_names if not getattr(settings, name, "")]

    def checkout_origins(self):
        """Origins the buyer's browser is sent to from the checkout form (the page's CSP form-action allows them)."""
        return []

    def start_checkout(self, order, urls):
        """A `Checkout` for this order. `urls` has `return_url`, `cancel_url`, `notify_url` (absolute)."""
        raise NotImplementedError

    def verify(self, order):
        """Ask the gateway's server about this order's transaction; a `Verification`. Gateways without one answer None."""
        return None

    def confirm(self, event, order):
        """Called before a PAID event changes anything: a gateway that can confirm with its server does so.

        Returns the event to act on (possibly with the server's amounts) or raises WebhookRefused.
        """
        return event

    def subscription_for(self, event):
        """The Subscription a PAID event with a reference not ours renews (PayStack's recurring charges), or None."""
        return None

    def parse_webhook(self, request):
        """Check the delivery is authentic and read it: a list of `GatewayEvent`s, or raise WebhookRefused."""
        raise NotImplementedError

    def cancel_subscription(self, subscription):
        """Stop future charges at the gateway (raises GatewayError when it refuses)."""
        raise GatewayError(f"{self.label} cannot cancel subscriptions here.", "not_supported")

    def refund(self, payment, amount, reason=""):
        """Ask the gateway to refund `amount` of a payment (raises GatewayError when it cannot)."""
        raise GatewayError(f"{self.label} refunds are made in its own dashboard.", "not_supported")
