"""The verbs of money: start a checkout, record what a gateway says, fulfil a paid order.

Rules (docs/architecture.md, "Payments"):
- An order is paid only by a verified gateway event (a webhook that passed its gateway's checks,
  or the gateway's server answering a verify call), never by a browser redirect.
- The event's amount and currency must equal the order's, exactly; otherwise nothing changes but
  the recorded WebhookEvent (and the order's `flag` for admins).
- The same event (the gateway's idempotency key) changes state once: the order row is locked for
  the transaction and a processed key is unique, so duplicate and concurrent deliveries are
  recorded as duplicates. State never moves backwards (a failure after a payment changes nothing).
- Paid -> Payment row, enrolment and earnings in the same transaction; emails and PDFs after commit.
"""

import logging
import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from courses.pricing import PricingType
from courses.roles import is_course_staff
from enrolment.errors import EnrolmentError
from enrolment.models import Enrolment
from enrolment.services import enrol
from enrolment.visibility import courses_for
from lms_site.client_address import client_ip
from lms_site.links import absolute_url

from . import gateways, webhook_throttle
from .errors import PaymentError
from .events import invoice_issued
from .invoices import issue_invoice
from .ledger import record_sale
from .gateways.base import EventKind, GatewayError, GatewayEvent, WebhookRefused
from . import subscriptions
from .models import Invoice, Order, Payment, Subscription, WebhookEvent
from .money import CURRENCY, split_vat
from .platform import platform_settings
from .refunds import apply_refund, refunded_so_far

logger = logging.getLogger("lms.payments")
FOR_SALE = (PricingType.PAID, PricingType.BOTH)
BODY_KEPT = 20_000  # characters of a webhook body kept in the log


def new_reference():
    """A unique order reference PayStack and PayFast both accept: letters, digits and '-'."""
    return f"ORD-{timezone.localdate():%y%m%d}-{secrets.token_hex(5).upper()}"


def checkout_urls(order):
    return {
        "return_url": absolute_url(reverse("payments:return", args=[order.reference])),
        "cancel_url": absolute_url(reverse("payments:cancel", args=[order.reference])),
        "notify_url": absolute_url(reverse("payments:webhook", args=[order.gateway])),
    }


def purchasable_course(user, course_id):
    """A course this user may buy now; PaymentError (404/400) naming why not."""
    course = courses_for(user).filter(pk=course_id, live=True).first()
    if course is None:
        raise PaymentError("There is no such course for sale.", "not_found", status=404)
    if course.is_archived:
        raise PaymentError("This course no longer takes new students.", "not_open", status=409)
    if course.pricing_type not in FOR_SALE or not course.price:
        raise PaymentError("This course is not sold on its own.", "not_for_sale")
    if Enrolment.objects.filter(user=user, course=course, status=Enrolment.Status.ACTIVE).exists():
        raise PaymentError("You already have this course.", "already_owned")
    if is_course_staff(user, course):
        raise PaymentError("You teach this course: every lesson is open to you.", "already_owned")
    return course


def start_checkout(user, gateway_slug, *, course_id=None, plan_id=None):
    """Create an Order for a course or a plan and ask the gateway where the buyer pays. Returns (order, Checkout)."""
    if (course_id is None) == (plan_id is None):
        raise PaymentError("Name a course_id or a plan_id (one of them).", "invalid")
    gateway = gateways.get(gateway_slug)
    if plan_id is not None:
        plan = subscriptions.purchasable_plan(user, plan_id)
        if not gateway.supports_subscriptions:
            raise PaymentError(f"{gateway.label} does not take subscriptions here.", "not_supported")
        if gateway.slug == "paystack" and not plan.paystack_plan_code:
            raise PaymentError("This plan is not set up at PayStack yet.", "plan_not_configured")
        product = {"plan": plan, "description": f"{plan.name} ({plan.get_interval_display().lower()})"}
        price = plan.price
    else:
        course = purchasable_course(user, course_id)
        product = {"course": course, "description": course.title[:255]}
        price = course.price
    rate = platform_settings().vat_rate
    _, vat = split_vat(price, rate)
    order = Order.objects.create(
        reference=new_reference(), user=user, gateway=gateway.slug, amount=price, vat=vat, vat_rate=rate,
        currency=CURRENCY, **product,
    )
    try:
        checkout = gateway.start_checkout(order, checkout_urls(order))
    except GatewayError:
        Order.objects.filter(pk=order.pk).update(status=Order.Status.FAILED, flag="The gateway refused to start the checkout.")
        raise
    return order, checkout


def cancel_checkout(user, reference):
    """The buyer left the gateway's page: a pending order of theirs becomes cancelled (a later payment still counts)."""
    updated = Order.objects.filter(reference=reference, user=user, status=Order.Status.PENDING).update(
        status=Order.Status.CANCELLED)
    return bool(updated)


# --- what gateways tell us ---------------------------------------------------------------------

def receive_webhook(gateway_slug, request):
    """Check and apply one webhook delivery. Returns (HTTP status, body) and records a WebhookEvent for every
    delivery except those of a throttled address (webhook_throttle: counted, not stored)."""
    # Installed, not only switched on: an order started before an admin switched its gateway off
    # may still be paid or refused there, and money that moved is recorded.
    gateway = gateways.installed().get(gateway_slug)
    source = client_ip(request) or None
    if webhook_throttle.is_throttled(source):
        # Too many refused deliveries from this address: answered before anything is read or stored.
        webhook_throttle.count_throttled(source, gateway_slug[:30])
        return 429, {"detail": "Too many refused deliveries from this address; try again later.", "code": "throttled",
                     "retry_after": webhook_throttle.window()}
    # Kept as readable text for admins; NUL is replaced because PostgreSQL text cannot hold it.
    body = request.body[:BODY_KEPT].decode("utf-8", "replace").replace("\x00", "\ufffd")
    if gateway is None:
        # No body kept for a gateway we do not run: anyone may post there, and the log is not storage.
        refuse_delivery(gateway_slug[:30], source, "unknown_gateway", "No such gateway is installed.", "")
        return 404, {"detail": "No such gateway is installed.", "code": "unknown_gateway"}
    try:
        events = gateway.parse_webhook(request)
    except WebhookRefused as refused:
        logger.warning("%s webhook refused: %s", gateway.slug, refused.code)
        refuse_delivery(gateway.slug, source, refused.code, refused.message, body)
        return refused.status, {"detail": refused.message, "code": refused.code}
    results = [record_event(gateway, event, body=body, source_ip=source) for event in events]
    refused = [r for r in results if r.outcome == WebhookEvent.Outcome.REFUSED]
    if refused:
        status = 503 if refused[0].code.endswith("_unavailable") else 400
        return status, {"detail": refused[0].detail, "code": refused[0].code}
    return 200, {"received": True, "outcomes": [r.outcome for r in results]}


def refuse_delivery(gateway_slug, source, code, detail, body):
    """Record a delivery that is not authentic, and count it against its address (webhook_throttle)."""
    WebhookEvent.objects.create(gateway=gateway_slug, outcome=WebhookEvent.Outcome.REFUSED, code=code,
                                detail=detail[:500], body=body, source_ip=source)
    if webhook_throttle.count_refusal(source, code):
        minutes = max(1, webhook_throttle.window() // 60)
        WebhookEvent.objects.create(
            gateway=gateway_slug, outcome=WebhookEvent.Outcome.REFUSED, code="throttled", source_ip=source,
            detail=f"{webhook_throttle.limit()} refused deliveries from this address within {minutes} minutes: its "
                   "further deliveries answer 429 and are only counted in the application log, not stored.")


def record_event(gateway, event, *, body="", source_ip=None):
    """Apply one authentic GatewayEvent; returns the WebhookEvent recording what it did."""
    log = {"gateway": gateway.slug, "key": event.key[:200], "name": event.name[:100],
           "reference": event.reference[:100], "body": body, "source_ip": source_ip}
    if event.kind == EventKind.PAID:
        # The gateway's own server confirms before anything changes (outside the row lock: it is a network call).
        pending = Order.objects.filter(reference=event.reference, gateway=gateway.slug).exclude(
            status__in=[Order.Status.PAID, Order.Status.REFUNDED]).first()
        if pending is None and not Order.objects.filter(reference=event.reference).exists():
            renewing = gateway.subscription_for(event)
            pending = renewing.order if renewing is not None else None
        if pending is not None and amounts_match(pending, event) is None:
            try:
                event = gateway.confirm(event, pending)
            except WebhookRefused as refused:
                return refuse(log, pending, refused.code, refused.message)
    try:
        with transaction.atomic():
            return apply_event(gateway, event, log)
    except IntegrityError:
        # A concurrent delivery of the same event committed first (the processed key is unique);
        # any other broken rule is a bug and must not pass for a duplicate.
        if not WebhookEvent.objects.filter(gateway=gateway.slug, key=log["key"],
                                           outcome=WebhookEvent.Outcome.PROCESSED).exists():
            raise
        return WebhookEvent.objects.create(**log, outcome=WebhookEvent.Outcome.DUPLICATE,
                                           detail="Processed by a concurrent delivery.")


def refuse(log, order, code, detail):
    if order is not None:
        Order.objects.filter(pk=order.pk).update(flag=f"{code}: {detail}"[:255])
    return WebhookEvent.objects.create(**log, order=order, outcome=WebhookEvent.Outcome.REFUSED, code=code,
                                       detail=detail[:500])


def amounts_match(order, event):
    """None when the event's amount and currency are the order's exactly, else (code, message)."""
    if event.currency != order.currency:
        return "currency_mismatch", f"The payment is in {event.currency or 'no currency'}, the order in {order.currency}."
    if event.amount != order.amount:
        return "amount_mismatch", f"The payment is {event.amount}, the order {order.amount}."
    return None


def apply_event(gateway, event, log):
    order = Order.objects.select_for_update().filter(reference=event.reference).first() if event.reference else None
    if event.key and WebhookEvent.objects.filter(gateway=gateway.slug, key=log["key"],
                                                 outcome=WebhookEvent.Outcome.PROCESSED).exists():
        return WebhookEvent.objects.create(**log, order=order, outcome=WebhookEvent.Outcome.DUPLICATE,
                                           detail="This event was processed before.")
    if event.kind == EventKind.IGNORED:
        return WebhookEvent.objects.create(**log, order=order, outcome=WebhookEvent.Outcome.IGNORED)
    if event.kind in SUBSCRIPTION_KINDS:
        return on_subscription_event(gateway, event, log)
    if order is None and event.kind == EventKind.PAID:
        renewing = gateway.subscription_for(event)
        if renewing is not None:  # a recurring charge under the gateway's own reference
            first = Order.objects.select_for_update().get(pk=renewing.order_id)
            return renew(gateway, event, first, log)
    if order is None:
        return refuse(log, None, "unknown_reference", f"No order has the reference {event.reference!r}.")
    if order.gateway != gateway.slug:
        return refuse(log, order, "wrong_gateway", f"The order was placed with {order.gateway}.")
    handler = HANDLERS.get(event.kind)
    if handler is None:
        return WebhookEvent.objects.create(**log, order=order, outcome=WebhookEvent.Outcome.IGNORED)
    return handler(gateway, event, order, log)


def on_paid(gateway, event, order, log):
    if order.plan_id and order.status == Order.Status.PAID and is_renewal(gateway, event, order):
        return renew(gateway, event, order, log)
    if order.status in (Order.Status.PAID, Order.Status.REFUNDED):
        return WebhookEvent.objects.create(**log, order=order, outcome=WebhookEvent.Outcome.DUPLICATE,
                                           detail=f"The order is already {order.get_status_display().lower()}.")
    mismatch = amounts_match(order, event)
    if mismatch:
        return refuse(log, order, *mismatch)
    payment = Payment.objects.create(
        order=order, gateway=gateway.slug, transaction_id=event.transaction_id or event.key,
        amount=event.amount, fee=event.fee, currency=event.currency, raw=event.data,
    )
    order.status, order.paid_at, order.flag = Order.Status.PAID, timezone.now(), ""
    order.save(update_fields=["status", "paid_at", "flag"])
    fulfil(order, payment, event)
    return WebhookEvent.objects.create(**log, order=order, outcome=WebhookEvent.Outcome.PROCESSED)


def is_renewal(gateway, event, order):
    """A later charge of the same subscription (PayFast: same token and order, a new pf_payment_id)."""
    subscription = getattr(order, "subscription", None)
    return (subscription is not None and event.subscription_code and event.subscription_code == subscription.gateway_code
            and not Payment.objects.filter(gateway=gateway.slug, transaction_id=event.transaction_id).exists())


def renew(gateway, event, order, log):
    """Record a renewal as its own paid order (payment, tax invoice) and extend the subscription."""
    mismatch = amounts_match(order, event)
    if mismatch:
        return refuse(log, order, *mismatch)
    subscription = order.subscription
    count = Order.objects.filter(reference__startswith=f"{order.reference}-R").count()
    renewal = Order.objects.create(
        reference=f"{order.reference}-R{count + 1}", user=order.user, plan=order.plan, gateway=order.gateway,
        description=order.description, amount=order.amount, vat=order.vat, vat_rate=order.vat_rate,
        currency=order.currency, status=Order.Status.PAID, paid_at=timezone.now(),
    )
    Payment.objects.create(order=renewal, gateway=gateway.slug, transaction_id=event.transaction_id or event.key,
                           amount=event.amount, fee=event.fee, currency=event.currency, raw=event.data)
    invoice = issue_invoice(renewal)
    invoice_issued.send(sender=Invoice, invoice=invoice)
    subscriptions.extend(subscription)
    return WebhookEvent.objects.create(**log, order=renewal, outcome=WebhookEvent.Outcome.PROCESSED,
                                       detail=f"Renewal of {order.reference}")


def on_subscription_event(gateway, event, log):
    """Cancelled, failed renewal or started at the gateway: found by the gateway's subscription code."""
    if event.kind == EventKind.SUBSCRIPTION_STARTED:
        return on_subscription_started(gateway, event, log)
    subscription = (Subscription.objects.select_for_update().filter(gateway=gateway.slug,
                                                                   gateway_code=event.subscription_code).first()
                    if event.subscription_code else None)
    if subscription is None:
        return refuse(log, None, "unknown_subscription", f"No subscription has the code {event.subscription_code!r}.")
    if event.kind == EventKind.SUBSCRIPTION_CANCELLED:
        subscriptions.mark_cancelled(subscription)
    else:
        subscriptions.lapse(subscription)
    return WebhookEvent.objects.create(**log, order=subscription.order, outcome=WebhookEvent.Outcome.PROCESSED)


def on_subscription_started(gateway, event, log):
    """PayStack's subscription.create: remember its code and email token on the subscriber's subscription."""
    data = event.data
    email = str((data.get("customer") or {}).get("email", ""))
    plan_code = str((data.get("plan") or {}).get("plan_code", ""))
    subscription = (Subscription.objects.select_for_update()
                    .filter(gateway=gateway.slug, user__email__iexact=email, plan__paystack_plan_code=plan_code,
                            gateway_code="").order_by("-started_at").first())
    if subscription is None:
        return WebhookEvent.objects.create(**log, outcome=WebhookEvent.Outcome.IGNORED,
                                           detail="No subscription of ours waits for this code.")
    subscription.gateway_code = event.subscription_code
    subscription.gateway_token = str(data.get("email_token", ""))[:100]
    subscription.save(update_fields=["gateway_code", "gateway_token"])
    return WebhookEvent.objects.create(**log, order=subscription.order, outcome=WebhookEvent.Outcome.PROCESSED)


SUBSCRIPTION_KINDS = (EventKind.SUBSCRIPTION_STARTED, EventKind.SUBSCRIPTION_CANCELLED, EventKind.RENEWAL_FAILED)


def on_failed(gateway, event, order, log):
    if order.status == Order.Status.PENDING:
        order.status = Order.Status.FAILED
        order.save(update_fields=["status"])
        return WebhookEvent.objects.create(**log, order=order, outcome=WebhookEvent.Outcome.PROCESSED)
    # A failure reported after the order moved on never moves it back.
    return WebhookEvent.objects.create(**log, order=order, outcome=WebhookEvent.Outcome.IGNORED,
                                       detail=f"The order is already {order.get_status_display().lower()}.")


def on_refunded(gateway, event, order, log):
    """A refund the gateway reports (made in its dashboard, or the outcome of ours)."""
    if order.status == Order.Status.REFUNDED:
        return WebhookEvent.objects.create(**log, order=order, outcome=WebhookEvent.Outcome.DUPLICATE,
                                           detail="The order is already refunded.")
    if order.status != Order.Status.PAID:
        # Out of order: the refund arrived before the payment. The money went back, so the order is
        # closed as refunded and a late charge event then finds nothing to pay.
        order.status, order.flag = Order.Status.REFUNDED, "Refunded before the payment was recorded."
        order.save(update_fields=["status", "flag"])
        return WebhookEvent.objects.create(**log, order=order, outcome=WebhookEvent.Outcome.PROCESSED,
                                           detail=order.flag)
    if event.transaction_id and order.invoices.filter(kind=Invoice.Kind.CREDIT_NOTE,
                                                      gateway_refund_id=event.transaction_id).exists():
        # The gateway confirming a refund an admin made here: already recorded with its id.
        return WebhookEvent.objects.create(**log, order=order, outcome=WebhookEvent.Outcome.DUPLICATE,
                                           detail="This refund was recorded when it was made.")
    if event.currency != order.currency:
        return refuse(log, order, "currency_mismatch", f"The refund is in {event.currency or 'no currency'}.")
    amount = event.amount if event.amount is not None else order.amount - refunded_so_far(order)
    if amount <= 0 or amount > order.amount - refunded_so_far(order):
        return refuse(log, order, "refund_too_large", f"A refund of {amount} is more than is left of the order.")
    apply_refund(order, amount, reason=f"Refunded through {gateway.label}", gateway_refund_id=event.transaction_id)
    return WebhookEvent.objects.create(**log, order=order, outcome=WebhookEvent.Outcome.PROCESSED)


HANDLERS = {EventKind.PAID: on_paid, EventKind.FAILED: on_failed, EventKind.REFUNDED: on_refunded}


def fulfil(order, payment, event):
    """What a paid order gives, in the payment's transaction: the course, the instructor's earning, the
    tax invoice, announced (`events.invoice_issued`) so the buyer gets a receipt with the invoice PDF."""
    invoice = issue_invoice(order)
    invoice_issued.send(sender=Invoice, invoice=invoice)
    if order.plan_id and not Subscription.objects.filter(order=order).exists():
        subscriptions.activate(order, event)
    if order.course_id:
        record_sale(order, payment)
        try:
            enrol(order.user, order.course, source=Enrolment.Source.PURCHASE)
        except EnrolmentError as error:
            # The money is taken whatever happened to the course since: admins see why and refund or enrol by hand.
            order.flag = f"Paid, but not enrolled: {error.message}"[:255]
            order.save(update_fields=["flag"])


def confirm_on_return(order):
    """The buyer came back from the gateway: ask the gateway's server (never the browser) whether it was paid."""
    if order.status != Order.Status.PENDING:
        return order
    gateway = gateways.installed().get(order.gateway)
    if gateway is None:
        return order
    try:
        verified = gateway.verify(order)
    except GatewayError as error:
        logger.warning("verify %s failed: %s", order.reference, error.code)
        return order
    if verified is None or not verified.paid or verified.reference != order.reference:
        return order
    event = GatewayEvent(kind=EventKind.PAID, key=f"verify:{verified.transaction_id or order.reference}",
                         name="verify", reference=order.reference, transaction_id=verified.transaction_id,
                         amount=verified.amount, currency=verified.currency, fee=verified.fee, data=verified.data)
    # Already confirmed by the server: record it without asking again.
    try:
        with transaction.atomic():
            apply_event(gateway, event, {"gateway": gateway.slug, "key": event.key[:200], "name": "verify",
                                         "reference": order.reference, "body": "", "source_ip": None})
    except IntegrityError:
        pass  # the webhook recorded the same payment a moment earlier
    order.refresh_from_db()
    return order
