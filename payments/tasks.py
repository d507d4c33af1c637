"""Payments' background work (the `payments` queue): the receipt email with its tax invoice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from lms_site.links import absolute_url

from .invoices import render_pdf
from .models import Invoice


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
