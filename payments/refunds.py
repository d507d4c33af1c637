"""Refunds: the order is refunded, access removed unless otherwise entitled, earnings reversed, a credit note issued.

One verb for both entry points: an admin's refund (which asks the gateway first) and a gateway's
refund event (a refund made in its dashboard). Nothing in the ledger is edited: each sale line of
the order gets a reversing line for the refunded fraction, available at once, so a refund after a
payout request reduces the balance (never below 0; the rest shows as owed).
"""

from decimal import Decimal

from django.db import transaction

from enrolment.services import withdraw

from . import gateways
from .errors import PaymentError
from .events import invoice_issued
from .invoices import issue_credit_note
from .ledger import reverse
from .gateways.base import GatewayError
from .models import Earning, Invoice, Order, Payment, Subscription
from .money import MoneyError, rand
from .subscriptions import lapse


def refunded_so_far(order):
    return sum((n.total for n in order.invoices.filter(kind=Invoice.Kind.CREDIT_NOTE)), Decimal("0.00"))


def still_entitled(order):
    """Another paid order for the same course keeps the buyer's access."""
    return Order.objects.filter(user=order.user, course=order.course, status=Order.Status.PAID).exclude(pk=order.pk).exists()


def apply_refund(order, amount, *, by=None, reason="", gateway_refund_id=""):
    """Record a refund of `amount` (incl. VAT) of a paid order, inside the caller's transaction with the order locked."""
    left = order.amount - refunded_so_far(order)
    if amount <= 0 or amount > left:
        raise PaymentError(f"A refund of this order can be at most R{left}.", "refund_too_large", refundable=str(left))
    fraction = amount / order.amount
    for earning in Earning.objects.filter(order=order, kind__in=[Earning.Kind.SALE]):
        reverse(earning, fraction=fraction, by=by, note=f"Refund of {order.reference}: {reason}"[:255])
    invoice = order.invoices.filter(kind=Invoice.Kind.INVOICE).first()
    if invoice is not None:
        note = issue_credit_note(invoice, amount, reason or "Refund", gateway_refund_id=gateway_refund_id)
        invoice_issued.send(sender=Invoice, invoice=note)
    if amount == left:
        order.status = Order.Status.REFUNDED
        order.save(update_fields=["status"])
        Payment.objects.filter(order=order).update(status=Payment.Status.REFUNDED)
        if order.course_id and not still_entitled(order):
            withdraw(order.user, order.course)
        subscription = Subscription.objects.filter(order=order).first()
        if subscription is not None:
            lapse(subscription)  # a refunded plan gives nothing more (the courses it opened close)
    return order


def refund_order(order_id, by, amount=None, reason=""):
    """An admin's refund: ask the gateway to refund, then record it. Superusers only."""
    if not getattr(by, "is_superuser", False):
        raise PaymentError("Only admins refund orders.", "not_admin", status=403)
    if not str(reason or "").strip():
        raise PaymentError("Give a reason for the refund (it is printed on the credit note).", "reason_required")
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        raise PaymentError("No such order.", "not_found", status=404)
    if order.status != Order.Status.PAID:
        raise PaymentError(f"Only paid orders are refunded; this one is {order.get_status_display().lower()}.",
                           "not_paid", status=409)
    try:
        amount = order.amount - refunded_so_far(order) if amount in (None, "") else rand(amount)
    except MoneyError as error:
        raise PaymentError("The amount is not an amount of money.", "invalid_amount") from error
    payment = order.payments.first()
    gateway = gateways.installed().get(order.gateway)
    if gateway is None:
        raise PaymentError(f"{order.gateway} is no longer enabled; refund it in its dashboard.", "gateway_unavailable")
    # The order stays locked while the gateway is asked, so a double submit waits and then finds
    # what the first one refunded instead of refunding the same money twice at the gateway.
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != Order.Status.PAID:
            raise PaymentError("The order was refunded meanwhile.", "not_paid", status=409)
        left = order.amount - refunded_so_far(order)
        if amount <= 0 or amount > left:
            raise PaymentError(f"A refund of this order can be at most R{left}.", "refund_too_large", refundable=str(left))
        answer = gateway.refund(payment, amount, reason=reason.strip())  # GatewayError (502) when it refuses: nothing is recorded then
        refund_id = answer.get("id", "") if isinstance(answer, dict) else ""
        order = apply_refund(order, amount, by=by, reason=reason.strip(), gateway_refund_id=refund_id)
    subscription = Subscription.objects.filter(order=order, gateway_code__gt="").first()
    if subscription is not None and order.status == Order.Status.REFUNDED:
        try:
            gateway.cancel_subscription(subscription)  # stop the next charge too
        except GatewayError:
            pass  # recorded as lapsed here; the admin sees the gateway's own state in its dashboard
    return order
