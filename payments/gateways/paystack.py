"""PayStack: initialise a transaction, verify it, read its signed webhooks (`../shared/payments.md` section 1).

Amounts go out and come back in cents (`money.to_cents` / `from_cents`). A webhook is authentic
when `x-paystack-signature` is the HMAC-SHA512 of the raw body keyed with the secret key; the
body is never re-serialised before hashing. A charge is confirmed with `GET /transaction/verify`
before it pays an order, so a webhook alone (even a correctly signed one) never decides the amount.
"""

import hashlib
import hmac
import json
from urllib.parse import quote

from django.conf import settings

from lms_site.outbound import OutboundError, call

from ..models import Subscription
from ..money import CURRENCY, MoneyError, from_cents, to_cents
from .base import Checkout, EventKind, Gateway, GatewayError, GatewayEvent, Verification, WebhookRefused, origin

SIGNATURE_HEADER = "HTTP_X_PAYSTACK_SIGNATURE"
CHECKOUT_ORIGIN = "https://checkout.paystack.com"

# PayStack's event name -> what it means for us. Anything else is recorded and ignored.
EVENT_KINDS = {
    "charge.success": EventKind.PAID,
    "refund.processed": EventKind.REFUNDED,
    "subscription.create": EventKind.SUBSCRIPTION_STARTED,
    "subscription.disable": EventKind.SUBSCRIPTION_CANCELLED,
    "subscription.not_renew": EventKind.SUBSCRIPTION_CANCELLED,
    "invoice.payment_failed": EventKind.RENEWAL_FAILED,
}


def webhook_signature(body, secret):
    """Lowercase hex HMAC-SHA512 of the raw body bytes, keyed with the secret key."""
    return hmac.new(secret.encode(), body, hashlib.sha512).hexdigest()


def secret_key():
    return getattr(settings, "PAYSTACK_SECRET_KEY", "")


def api_url(path):
    return f"{settings.PAYSTACK_API_URL.rstrip('/')}{path}"


def headers():
    return {"Authorization": f"Bearer {secret_key()}"}


def api(method, path, payload=None):
    """One PayStack API call; `data` of its answer, or GatewayError (502) saying what went wrong."""
    try:
        answer = call(method, api_url(path), json=payload, headers=headers())
    except OutboundError as error:
        raise GatewayError(f"PayStack could not be reached: {error}", "gateway_unreachable") from error
    if answer.status >= 400 or answer.body.get("status") is not True:
        message = answer.body.get("message") or f"HTTP {answer.status}"
        raise GatewayError(f"PayStack refused: {message}", "gateway_refused")
    data = answer.body.get("data")
    return data if isinstance(data, dict) else {}


def minor(value):
    """Cents from a PayStack field (an int, or a string in some samples) as rand; None when absent or unreadable."""
    if value in (None, ""):
        return None
    try:
        return from_cents(value)
    except MoneyError:
        return None


class PayStackGateway(Gateway):
    slug = "paystack"
    label = "PayStack"
    note = "Card, EFT or SnapScan through PayStack"
    supports_subscriptions = True
    supports_refunds = True
    key_names = ("PAYSTACK_SECRET_KEY", "PAYSTACK_PUBLIC_KEY")

    def checkout_origins(self):
        # The hosted checkout; the API's own origin too, where a stub or a proxy serves both.
        return [CHECKOUT_ORIGIN, origin(settings.PAYSTACK_API_URL)]

    def start_checkout(self, order, urls):
        payload = {
            "email": order.user.email,
            "amount": to_cents(order.amount),
            "currency": CURRENCY,
            "reference": order.reference,
            "callback_url": urls["return_url"],
            "metadata": {"order_reference": order.reference, **order.product_ids(),
                         "cancel_action": urls["cancel_url"]},
        }
        plan_code = order.gateway_plan_code(self.slug)
        if plan_code:
            payload["plan"] = plan_code
        data = api("POST", "/transaction/initialize", payload)
        if not data.get("authorization_url"):
            raise GatewayError("PayStack gave no payment page for this order.", "gateway_refused")
        return Checkout(redirect_url=data["authorization_url"], gateway_reference=data.get("access_code", ""))

    def verify(self, order, reference=None):
        data = api("GET", f"/transaction/verify/{quote(reference or order.reference, safe='')}")
        status = str(data.get("status", ""))
        return Verification(
            paid=status == "success", status=status, reference=str(data.get("reference", "")),
            transaction_id=str(data.get("id", "")), amount=minor(data.get("amount")),
            currency=str(data.get("currency", "")), fee=minor(data.get("fees")), data=data,
        )

    def confirm(self, event, order):
        """A charge.success pays nothing until PayStack's verify says success for the same amount and currency."""
        try:
            verified = self.verify(order, reference=event.reference)
        except GatewayError as error:
            # Not reachable now: answer 503 so PayStack delivers again later.
            raise WebhookRefused(str(error), "verify_unavailable", status=503) from error
        if not (verified.paid and verified.reference == event.reference and verified.amount == event.amount
                and verified.currency == event.currency):
            raise WebhookRefused(
                f"PayStack's verify disagrees with the webhook (status {verified.status or 'unknown'}, "
                f"amount {verified.amount}, currency {verified.currency or 'none'}).", "verify_disagrees", status=200)
        fee = event.fee if event.fee is not None else verified.fee
        return GatewayEvent(**{**event.__dict__, "fee": fee, "transaction_id": event.transaction_id or verified.transaction_id})

    def subscription_for(self, event):
        """A recurring charge carries PayStack's own reference, its plan and the customer: find their subscription."""
        plan = event.data.get("plan") if isinstance(event.data.get("plan"), dict) else {}
        customer = event.data.get("customer") if isinstance(event.data.get("customer"), dict) else {}
        if event.kind != EventKind.PAID or not plan.get("plan_code") or not customer.get("email"):
            return None
        return (Subscription.objects.filter(gateway=self.slug, plan__paystack_plan_code=plan["plan_code"],
                                            user__email__iexact=customer["email"],
                                            status__in=[Subscription.Status.ACTIVE, Subscription.Status.CANCELLED])
                .select_related("order", "plan").order_by("-current_period_end").first())

    def parse_webhook(self, request):
        if not secret_key():
            # 404, not 5xx: without keys there is no webhook here to speak of, a forger learns nothing more, and
            # the gateway retries any answer but 200 all the same (a 5xx would read as our failure).
            raise WebhookRefused("PayStack is not configured on this site.", "gateway_unavailable", status=404)
        body = request.body
        signature = request.META.get(SIGNATURE_HEADER, "")
        # Compared as bytes: a non-ASCII header is a refusal, not compare_digest's TypeError.
        if not signature or not hmac.compare_digest(signature.lower().encode(), webhook_signature(body, secret_key()).encode()):
            raise WebhookRefused("The x-paystack-signature header does not match the body.", "bad_signature")
        try:
            message = json.loads(body)
        except (ValueError, UnicodeDecodeError) as error:
            raise WebhookRefused("The body is not JSON.", "unreadable") from error
        if not isinstance(message, dict) or not isinstance(message.get("data"), dict):
            raise WebhookRefused("The body has no event data.", "unreadable")
        return [self.event(str(message.get("event", "")), message["data"])]

    def event(self, name, data):
        kind = EVENT_KINDS.get(name, EventKind.IGNORED)
        subscription = data.get("subscription") if isinstance(data.get("subscription"), dict) else {}
        if kind == EventKind.REFUNDED:
            reference = str(data.get("transaction_reference") or "")
        else:
            reference = str(data.get("reference") or "")
        return GatewayEvent(
            kind=kind, key=f"{name}:{data.get('id', '')}", name=name, reference=reference,
            transaction_id=str(data.get("id", "")), amount=minor(data.get("amount")),
            currency=str(data.get("currency", "")), fee=minor(data.get("fees")),
            subscription_code=str(data.get("subscription_code") or subscription.get("subscription_code") or ""),
            data=data,
        )

    def cancel_subscription(self, subscription):
        api("POST", "/subscription/disable", {"code": subscription.gateway_code, "token": subscription.gateway_token})

    def refund(self, payment, amount, reason=""):
        payload = {"transaction": payment.order.reference, "amount": to_cents(amount), "currency": CURRENCY}
        if reason:
            payload["merchant_note"] = reason[:255]
        return api("POST", "/refund", payload)
