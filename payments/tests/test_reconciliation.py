"""Reconciliation sets payments, orders, invoices and the ledger side by side and names every difference."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from payments.gateways import get as gateway
from payments.gateways.base import EventKind, GatewayEvent
from payments.models import Order, Payment
from payments.reconciliation import as_csv, reconcile
from payments.services import record_event
from payments.tasks import daily_reconciliation, verify_pending_orders

pytestmark = pytest.mark.django_db


def pay(order):
    record_event(gateway("test"), GatewayEvent(kind=EventKind.PAID, key=f"t:{order.reference}", name="paid",
                                               reference=order.reference, transaction_id=f"T-{order.reference}",
                                               amount=order.amount, currency="ZAR"))


def test_paid_and_pending_orders_reconcile_cleanly(paid_course, order_for, other_student):
    order_for(paid_course, "test", user=other_student)
    pay(order_for(paid_course, "test"))
    today = timezone.localdate()
    report = reconcile(today, today)
    assert len(report["rows"]) == 2 and report["differences"] == []
    assert report["totals"]["payment_amount"] == report["totals"]["invoice_total"] == Decimal("499.00")


def test_a_payment_that_disagrees_with_its_order_is_listed(paid_course, order_for):
    order = order_for(paid_course, "test")
    pay(order)
    Payment.objects.filter(order=order).update(amount=Decimal("400.00"))  # as if a row had been tampered with
    today = timezone.localdate()
    report = reconcile(today, today)
    assert [row["reference"] for row in report["differences"]] == [order.reference]
    assert "payment 400.00 differs" in report["differences"][0]["differences"]
    assert order.reference in as_csv(report)


def test_a_paid_order_without_a_payment_is_listed(paid_course, order_for):
    order = order_for(paid_course, "test")
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PAID, paid_at=timezone.now())
    today = timezone.localdate()
    problems = reconcile(today, today)["differences"][0]["differences"]
    assert "0 gateway payments" in problems and "0 tax invoices" in problems and "0 sale lines" in problems


def test_the_daily_task_tells_admins_only_when_something_differs(paid_course, order_for, admin_user,
                                                                 django_capture_on_commit_callbacks):
    order = order_for(paid_course, "test")
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert daily_reconciliation() == 0
    assert mail.outbox == []
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PAID)
    with django_capture_on_commit_callbacks(execute=True):
        assert daily_reconciliation() == 1
    assert mail.outbox[0].to == [admin_user.email] and order.reference in mail.outbox[0].body


def test_the_admin_screen_and_csv_are_for_admins(client, admin_user, instructor, paid_course, order_for):
    pay(order_for(paid_course, "test"))
    client.force_login(instructor)
    assert client.get("/admin/payments/reconciliation/").status_code in (302, 403)
    client.force_login(admin_user)
    assert b"everything matches" in client.get("/admin/payments/reconciliation/").content
    csv = client.get("/admin/payments/reconciliation/?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and b"INV-000001" in csv.content
    assert client.get("/admin/payments/reconciliation/?start=nonsense").status_code == 200


def test_the_verify_sweep_pays_an_order_whose_webhook_never_came(stub, paid_course, order_for, student):
    order = order_for(paid_course)
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(minutes=30))
    stub.verify[order.reference] = {"id": 42, "status": "success", "reference": order.reference, "amount": 49900,
                                    "currency": "ZAR", "fees": 1797}
    fresh = order_for(paid_course)  # too new to sweep
    assert verify_pending_orders() == 1
    order.refresh_from_db()
    fresh.refresh_from_db()
    assert order.status == Order.Status.PAID and fresh.status == Order.Status.PENDING
