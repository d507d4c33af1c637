"""Payments' background work (the `payments` queue): receipts, the daily reconciliation, the verify sweep."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from lms_site.links import absolute_url

from .allocation import allocate_ended_periods
from .invoices import render_pdf
from .models import Invoice, Order
from .reconciliation import reconcile
from .subscriptions import lapse_expired


@shared_task
def send_receipt(invoice_id):
    """Email the buyer a receipt with the invoice (or credit note) attached as PDF."""
    invoice = Invoice.objects.select_related("order", "order__user").get(pk=invoice_id)
    context = {"invoice": invoice, "site_name": settings.WAGTAIL_SITE_NAME,
               "history_url": absolute_url("/payments/history/")}
    subject = (f"Credit note {invoice.number}" if invoice.kind == Invoice.Kind.CREDIT_NOTE
               else f"Your receipt for {invoice.description}")
    message = EmailMultiAlternatives(subject, render_to_string("payments/email/receipt.txt", context),
                                     to=[invoice.buyer_email])
    message.attach(f"{invoice.number}.pdf", render_pdf(invoice), "application/pdf")
    message.send()


@shared_task
def daily_reconciliation():
    """Reconcile yesterday; email the admins when anything differs. Returns the number of differing orders."""
    yesterday = timezone.localdate() - timedelta(days=1)
    report = reconcile(yesterday, yesterday)
    if report["differences"]:
        admins = list(get_user_model().objects.filter(is_superuser=True, is_active=True).values_list("email", flat=True))
        lines = [f"{row['reference']}: {row['differences']}" for row in report["differences"]]
        link = absolute_url(f"/admin/payments/reconciliation/?start={yesterday}&end={yesterday}")
        send_mail(f"Payments do not reconcile for {yesterday}: {len(lines)} order(s)",
                  "These orders differ between the gateway, the invoices and the ledger:\n\n" + "\n".join(lines)
                  + f"\n\nThe report: {link}\n", None, admins)
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


@shared_task
def send_bank_details_notice(instructor_id, before, after):
    """Tell an instructor their payout bank details changed (masked: bank and last four digits only)."""
    instructor = get_user_model().objects.get(pk=instructor_id)
    context = {"instructor": instructor, "before": before, "after": after, "site_name": settings.WAGTAIL_SITE_NAME,
               "changed_at": timezone.localtime(), "earnings_url": absolute_url("/payments/earnings/")}
    send_mail(f"Your payout bank details changed on {settings.WAGTAIL_SITE_NAME}",
              render_to_string("payments/email/bank_details_changed.txt", context), None, [instructor.email])
