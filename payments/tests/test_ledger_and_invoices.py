"""Each sale credits the instructor by their share; a tax invoice is issued with a sequential number."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from payments import ledger
from payments.gateways import get as gateway
from payments.gateways.base import EventKind, GatewayEvent
from payments.invoices import issue_credit_note, render_pdf
from payments.models import Earning, Invoice
from payments.platform import platform_settings
from payments.services import record_event

pytestmark = pytest.mark.django_db


def pay(order, fee=None, key=None):
    event = GatewayEvent(kind=EventKind.PAID, key=key or f"test:{order.reference}", name="test.paid",
                         reference=order.reference, transaction_id=f"T-{order.reference}", amount=order.amount,
                         currency="ZAR", fee=fee)
    return record_event(gateway("test"), event)


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def vat_registered(db):
    settings_ = platform_settings()
    settings_.platform_name, settings_.vat_number = "Leerhuis (Pty) Ltd", "4123456789"
    settings_.address = "12 Long Street\nCape Town 8001"
    settings_.save()
    return settings_


def test_a_sale_credits_the_instructor_by_the_site_default_share(paid_course, order_for, instructor):
    order = order_for(paid_course, "test")
    pay(order, fee=Decimal("17.97"))
    earning = Earning.objects.get(order=order)
    assert earning.instructor == instructor
    assert (earning.gross, earning.vat, earning.fee, earning.net) == (
        Decimal("499.00"), Decimal("65.09"), Decimal("17.97"), Decimal("415.94"))
    assert earning.share == Decimal("70.00")
    assert (earning.instructor_amount, earning.platform_amount) == (Decimal("291.16"), Decimal("124.78"))


def test_the_share_is_the_course_override_then_the_instructors_default_then_the_sites(paid_course, order_for, instructor):
    assert ledger.share_for(paid_course) == Decimal("70.00")
    instructor.default_revenue_share = Decimal("80.00")
    instructor.save()
    paid_course.refresh_from_db()
    assert ledger.share_for(paid_course) == Decimal("80.00")
    paid_course.revenue_share_override = Decimal("60.00")
    assert ledger.share_for(paid_course) == Decimal("60.00")


def test_the_worked_example_of_payments_md_splits_to_the_cent(paid_course, order_for):
    paid_course.price = Decimal("1150.00")
    paid_course.save()
    order = order_for(paid_course, "test")
    pay(order, fee=Decimal("36.85"))
    earning = Earning.objects.get(order=order)
    assert (earning.vat, earning.net, earning.instructor_amount, earning.platform_amount) == (
        Decimal("150.00"), Decimal("963.15"), Decimal("674.21"), Decimal("288.94"))


def test_earnings_are_pending_for_the_hold_period_then_available(paid_course, order_for, instructor):
    pay(order_for(paid_course, "test"))
    now = timezone.now()
    assert ledger.balances(instructor, now)["pending"] == Decimal("303.74")
    assert ledger.balances(instructor, now)["available"] == Decimal("0.00")
    later = ledger.balances(instructor, now + timedelta(days=platform_settings().hold_days, minutes=1))
    assert later["pending"] == Decimal("0.00") and later["available"] == Decimal("303.74")


def test_ledger_lines_are_never_edited_or_deleted(paid_course, order_for):
    pay(order_for(paid_course, "test"))
    earning = Earning.objects.get()
    earning.note = "changed"
    with pytest.raises(PermissionError):
        earning.save()
    with pytest.raises(PermissionError):
        earning.delete()
    with pytest.raises(PermissionError):
        Earning.objects.update(note="x")
    with pytest.raises(PermissionError):
        Earning.objects.all().delete()


def test_a_replayed_payment_adds_no_second_earning_or_invoice(paid_course, order_for):
    order = order_for(paid_course, "test")
    pay(order)
    pay(order)
    pay(order, key="another-key-same-order")
    assert Earning.objects.filter(order=order).count() == 1
    assert Invoice.objects.filter(order=order).count() == 1


def test_a_paid_order_gets_a_tax_invoice_numbered_in_sequence_and_a_receipt_email(paid_course, order_for, other_student,
                                                                                  vat_registered,
                                                                                  django_capture_on_commit_callbacks):
    first, second = order_for(paid_course, "test"), order_for(paid_course, "test", user=other_student)
    with django_capture_on_commit_callbacks(execute=True):
        pay(first)
        pay(second)
    assert [i.number for i in Invoice.objects.order_by("pk")] == ["INV-000001", "INV-000002"]
    assert mail.outbox[0].to == [first.user.email]
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == "INV-000001.pdf" and mimetype == "application/pdf" and content.startswith(b"%PDF")


def test_the_tax_invoice_pdf_carries_what_sars_asks_for(paid_course, order_for, vat_registered):
    order = order_for(paid_course, "test")
    pay(order)
    text = pdf_text(render_pdf(Invoice.objects.get(order=order)))
    for expected in ("Tax Invoice", "INV-000001", "Leerhuis (Pty) Ltd", "12 Long Street", "VAT number: 4123456789",
                     "Thandi Nkosi", "Django & Wagtail: Basics", "R433.91", "R65.09", "R499.00",
                     order.reference, timezone.localdate().strftime("%-d %B %Y")):
        assert expected in text, expected


def test_a_platform_not_registered_for_vat_issues_a_receipt_without_vat(paid_course, order_for):
    order = order_for(paid_course, "test")
    pay(order)
    text = pdf_text(render_pdf(Invoice.objects.get(order=order)))
    assert "Receipt" in text and "Tax Invoice" not in text and "VAT at" not in text


def test_a_credit_note_for_a_full_refund_reverses_the_invoice_exactly(paid_course, order_for, vat_registered):
    order = order_for(paid_course, "test")
    pay(order)
    invoice = Invoice.objects.get(order=order)
    note = issue_credit_note(invoice, invoice.total, "Refunded at the buyer's request")
    assert (note.number, note.total, note.vat, note.amount_excl_vat) == ("CN-000001", invoice.total, invoice.vat,
                                                                         invoice.amount_excl_vat)
    text = pdf_text(render_pdf(note))
    assert "Credit Note" in text and "INV-000001" in text and "Refunded at the buyer's request" in text


def test_a_partial_credit_note_takes_vat_at_15_over_115(paid_course, order_for, vat_registered):
    order = order_for(paid_course, "test")
    pay(order)
    note = issue_credit_note(Invoice.objects.get(order=order), Decimal("100.00"), "Partial")
    assert (note.vat, note.amount_excl_vat) == (Decimal("13.04"), Decimal("86.96"))


# --- who sees invoices and history -------------------------------------------------------------

def test_the_buyer_opens_their_invoice_from_the_history_page_and_api(client, client_for, student, paid_course, order_for):
    order = order_for(paid_course, "test")
    pay(order)
    client.force_login(student)
    html = client.get("/payments/history/").content.decode()
    assert "INV-000001" in html and order.reference in html and "R65.09" in html
    url = client_for(student).get("/api/payments/history/").json()["results"][0]["invoice_url"]
    assert url.endswith("/payments/invoices/INV-000001.pdf")
    response = client.get("/payments/invoices/INV-000001.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "INV-000001" in pdf_text(response.content)


def test_the_buyer_opens_their_invoice_with_a_bearer_token(client, student, paid_course, order_for):
    from rest_framework_simplejwt.tokens import AccessToken

    pay(order_for(paid_course, "test"))
    response = client.get("/payments/invoices/INV-000001.pdf", HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(student)}")
    assert response.status_code == 200


def test_another_student_and_an_instructor_cannot_open_my_invoice(client, other_student, instructor, paid_course,
                                                                   order_for):
    pay(order_for(paid_course, "test"))
    for person in (other_student, instructor):
        client.force_login(person)
        assert client.get("/payments/invoices/INV-000001.pdf").status_code == 404
        assert "INV-000001" not in client.get("/payments/history/").content.decode()


def test_a_stranger_is_sent_to_log_in_for_an_invoice(client, paid_course, order_for):
    pay(order_for(paid_course, "test"))
    assert client.get("/payments/invoices/INV-000001.pdf").status_code == 302


def test_an_admin_opens_any_invoice(client, admin_user, paid_course, order_for):
    pay(order_for(paid_course, "test"))
    client.force_login(admin_user)
    assert client.get("/payments/invoices/INV-000001.pdf").status_code == 200
