"""Payments' background work (the `payments` queue): the daily reconciliation, the verify sweep, subscriptions.

Receipts are not here: issuing an invoice sends `events.invoice_issued`, and notifications email
the receipt through the site's one email function.
"""

from datetime import timedelta

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from lms_site.links import absolute_url
from lms_site.outbox import send_email

from .allocation import allocate_ended_periods
from .models import Order
from .reconciliation import reconcile
from .subscriptions import lapse_expired


@shared_task
def daily_reconciliation():
    """Reconcile yesterday; email the admins when anything differs. Returns the number of differing orders."""
    yesterday = timezone.localdate() - timedelta(days=1)
    report = reconcile(yesterday, yesterday)
    if report["differences"]:
        admins = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
        lines = [f"{row['reference']}: {row['differences']}" for row in report["differences"]]
        link = absolute_url(f"/admin/payments/reconciliation/?start={yesterday}&end={yesterday}")
        for admin in admins:
            send_email(admin.email, f"Payments do not reconcile for {yesterday}: {len(lines)} order(s)",
                       "These orders differ between the gateway, the invoices and the ledger:\n\n" + "\n".join(lines)
                       + f"\n\nThe report: {link}\n", user=admin, kind="reconciliation_differences")
    return len(report["differences"])


@shared_task
def verify_pending_orders():
    """Ask the gateways about pending orders whose webhook never came (10 minutes to 2 days old)."""
    from .services import confirm_on_return  # services queues this module's tasks

    now = timezone.now()
    pending = Order.objects.filter(status=Order.Status.PENDING, created_at__lte=now - timedelta(minutes=10),
                                   created_at__gte=now - timedelta(days=2))
    confirmed = 0
    for order in pending.select_related("user", "course"):
        if confirm_on_return(order).status == Order.Status.PAID:
            confirmed += 1
    return confirmed


@shared_task
def lapse_expired_subscriptions():
    """Close the access of subscriptions past their period and grace (daily)."""
    return lapse_expired()


@shared_task
def allocate_subscription_revenue():
    """Share every ended subscription period among instructors by what the subscriber completed (daily)."""
    return allocate_ended_periods()
