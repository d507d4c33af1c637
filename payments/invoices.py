"""Tax invoices and credit notes: issued once with sequential numbers, rendered to PDF from their stored figures.

The figures are copied onto the Invoice when it is issued (supplier from the site settings, the
order's VAT as charged), so a later change of address, VAT number or rate never rewrites an
invoice already sent. A supplier without a VAT number (or at rate 0) issues a receipt with no
VAT shown and no "Tax Invoice" wording (payments.md section 3).
"""

import io

from django.template.loader import render_to_string
from django.utils import timezone
from xhtml2pdf import pisa

from .models import Invoice, Sequence
from .money import rand, vat_in
from .platform import platform_settings

PREFIX = {Invoice.Kind.INVOICE: "INV", Invoice.Kind.CREDIT_NOTE: "CN"}


def next_number(kind):
    """The next number in the series, gap-free: the sequence row is locked until the transaction ends."""
    sequence, _ = Sequence.objects.select_for_update().get_or_create(name=kind)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{PREFIX[kind]}-{sequence.last:06d}"


def buyer_name(user):
    return user.get_full_name() or user.email


def supplier():
    settings_ = platform_settings()
    return {"supplier_name": settings_.platform_name, "supplier_address": settings_.address,
            "supplier_vat_number": settings_.vat_number}


def issue_invoice(order):
    """The order's tax invoice (once; call inside the payment's transaction)."""
    existing = order.invoices.filter(kind=Invoice.Kind.INVOICE).first()
    if existing:
        return existing
    return Invoice.objects.create(
        kind=Invoice.Kind.INVOICE, number=next_number(Invoice.Kind.INVOICE), order=order, issued_at=timezone.now(),
        buyer_name=buyer_name(order.user), buyer_email=order.user.email, description=order.description,
        vat_rate=order.vat_rate, amount_excl_vat=order.amount - order.vat, vat=order.vat, total=order.amount,
        **supplier(),
    )


def issue_credit_note(invoice, amount, reason, gateway_refund_id=""):
    """A credit note for `amount` (incl. VAT) of an invoice: a full refund reverses its figures exactly."""
    amount = rand(amount)
    vat = invoice.vat if amount == invoice.total else vat_in(amount, invoice.vat_rate)
    return Invoice.objects.create(
        kind=Invoice.Kind.CREDIT_NOTE, number=next_number(Invoice.Kind.CREDIT_NOTE), order=invoice.order,
        credit_for=invoice, issued_at=timezone.now(), buyer_name=invoice.buyer_name, buyer_email=invoice.buyer_email,
        description=invoice.description, vat_rate=invoice.vat_rate, amount_excl_vat=amount - vat, vat=vat, total=amount,
        reason=reason[:255], gateway_refund_id=str(gateway_refund_id or "")[:100], **supplier(),
    )


def render_pdf(invoice):
    """The invoice as PDF bytes (xhtml2pdf, from templates/payments/invoice_pdf.html)."""
    html = render_to_string("payments/invoice_pdf.html", {"invoice": invoice})
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"The PDF of {invoice.number} could not be rendered.")
    return out.getvalue()


def render_pdf_by_id(invoice_id):
    """The PDF of the invoice with this id: the `invoice_pdf` attachment provider (lms_site.outbox), which
    renders a receipt's attachment when the email is delivered."""
    return render_pdf(Invoice.objects.get(pk=invoice_id))
