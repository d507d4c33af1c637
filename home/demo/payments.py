"""Demo money: VAT settings, two plans, past orders with invoices, earnings in every state, payouts.

Idempotent: orders are keyed by their DEMO- references, plans by name, payouts by instructor.
Past sales are recorded as the payment services record them (payment, tax invoice, ledger line),
dated in the past so some earnings are available, one still pending, one reversed by a refund.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from enrolment.models import Enrolment
from enrolment.services import enrol
from payments.bank import save_bank_details
from payments.invoices import issue_invoice
from payments.ledger import balances, record_sale
from payments.models import BankDetails, Order, Payment, Payout, Subscription, SubscriptionPlan
from payments.money import split_vat
from payments.payouts import decide, request_payout
from payments.platform import platform_settings
from payments.refunds import apply_refund
from payments.subscriptions import period_end

PLANS = [
    {"name": "All-access monthly", "interval": "monthly", "price": Decimal("149.00"),
     "description": "Every course included in subscriptions, billed monthly.", "paystack_plan_code": "PLN_demo_monthly"},
    {"name": "All-access annual", "interval": "annual", "price": Decimal("1490.00"),
     "description": "Two months free: every included course for a year.", "paystack_plan_code": "PLN_demo_annual"},
]
# (reference, buyer, course slug, days ago, refunded)
SALES = [
    ("DEMO-001", "thandi@leerhuis.test", "small-business-south-africa", 40, False),
    ("DEMO-002", "sipho@leerhuis.test", "small-business-south-africa", 35, False),
    ("DEMO-003", "pieter@leerhuis.test", "small-business-south-africa", 30, False),
    ("DEMO-004", "lerato@leerhuis.test", "phone-photography-for-makers", 25, False),
    ("DEMO-005", "sipho@leerhuis.test", "tax-for-freelancers", 20, False),
    ("DEMO-006", "lerato@leerhuis.test", "tax-for-freelancers", 18, True),
    ("DEMO-007", "ayesha@leerhuis.test", "phone-photography-for-makers", 2, False),
]
SUBSCRIBERS = [("DEMO-S01", "ayesha@leerhuis.test", "All-access monthly", 10)]
BANK = {"naledi@leerhuis.test": {"account_holder": "N Dlamini", "bank_name": "Capitec", "branch_code": "470010",
                                 "account_number": "1402937755", "account_type": "savings"},
        "johan@leerhuis.test": {"account_holder": "J van der Merwe", "bank_name": "FNB", "branch_code": "250655",
                                "account_number": "62849310021", "account_type": "cheque"}}


def load(people, courses):
    """Seed the money side of the demo; returns how many orders it created."""
    site = platform_settings()
    if not site.vat_number:
        site.vat_number, site.address = "4870123456", "Leerhuis (Pty) Ltd\n14 Bree Street\nCape Town\n8001"
        site.save()
    plans = {spec["name"]: SubscriptionPlan.objects.get_or_create(name=spec["name"], defaults=spec)[0] for spec in PLANS}
    created = 0
    with transaction.atomic():
        for reference, email, slug, days, refunded in SALES:
            if Order.objects.filter(reference=reference).exists():
                continue
            paid = sell(reference, people[email], course=courses[slug], days_ago=days, rate=site.vat_rate)
            if refunded:
                apply_refund(paid, paid.amount, by=people["admin@leerhuis.test"], reason="Bought twice by mistake")
            created += 1
        for reference, email, plan_name, days in SUBSCRIBERS:
            if Order.objects.filter(reference=reference).exists():
                continue
            order = sell(reference, people[email], plan=plans[plan_name], days_ago=days, rate=site.vat_rate)
            started = order.paid_at
            Subscription.objects.create(user=order.user, plan=order.plan, order=order, gateway="test",
                                        gateway_code=f"TEST-{reference}", started_at=started,
                                        current_period_end=period_end(started, order.plan.interval))
            created += 1
        for email, details in BANK.items():
            if not BankDetails.objects.filter(instructor=people[email]).exists():
                save_bank_details(people[email], **details)
        load_payouts(people)
    return created


def sell(reference, user, *, course=None, plan=None, days_ago, rate):
    """A past sale through the test gateway: order, payment, tax invoice and (for a course) its ledger line."""
    paid_at = timezone.now() - timedelta(days=days_ago)
    price = course.price if course else plan.price
    _, vat = split_vat(price, rate)
    description = course.title if course else f"{plan.name} ({plan.get_interval_display().lower()})"
    order = Order.objects.create(reference=reference, user=user, course=course, plan=plan, gateway="test",
                                 description=description, amount=price, vat=vat, vat_rate=rate,
                                 status=Order.Status.PAID, paid_at=paid_at)
    Order.objects.filter(pk=order.pk).update(created_at=paid_at)
    fee = (price * Decimal("0.029") + Decimal("1.00")).quantize(Decimal("0.01"))  # a gateway's typical fee
    payment = Payment.objects.create(order=order, gateway="test", transaction_id=f"T-{reference}", amount=price,
                                     fee=fee, raw={"demo": True})
    issue_invoice(order)
    if course is not None:
        if not Enrolment.objects.filter(user=user, course=course, status=Enrolment.Status.ACTIVE).exists():
            enrol(user, course, source=Enrolment.Source.PURCHASE)
        record_sale(order, payment, paid_at=paid_at)
    return order


def load_payouts(people):
    """Naledi: one payout paid, then a request waiting for an admin. Johan's earnings stay available."""
    naledi, admin = people["naledi@leerhuis.test"], people["admin@leerhuis.test"]
    if Payout.objects.filter(instructor=naledi).exists():
        return
    threshold = platform_settings().payout_threshold
    if balances(naledi)["available"] >= threshold:
        first = request_payout(naledi, threshold)
        decide(first.pk, admin, "approve")
        decide(first.pk, admin, "mark_paid", "EFT-DEMO-0001")
    if balances(naledi)["available"] >= threshold:
        request_payout(naledi)
