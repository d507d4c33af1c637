"""Every email the site sends goes through one function: queued on commit, retried, and in the admins' log.

Account emails (allauth), payment receipts with their PDF, moderation emails and the reconciliation
report, each as the person who gets it (or the admin who looks it up) notices.
"""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.account.adapter import get_adapter
from allauth.core.context import request_context
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone
from pypdf import PdfReader

from courses.models import CoursePage
from courses.pricing import PricingType
from courses.review import submit_course
from notifications.models import Notification, SentEmail
from payments.gateways import get as gateway
from payments.gateways.base import EventKind, GatewayEvent
from payments.models import Order
from payments.platform import platform_settings
from payments.refunds import refund_order
from payments.services import record_event, start_checkout
from payments.tasks import daily_reconciliation
from tests.support import client_as, make_course, make_user
from tests.support.review import act, draft_course
from tests.support.smtp import FlakySMTP

pytestmark = pytest.mark.django_db

PASSPHRASE = "a-long-and-unusual-passphrase"


def logged(kind):
    return list(SentEmail.objects.filter(kind=kind).order_by("pk"))


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- account emails (allauth) -----------------------------------------------------------------


def test_signing_up_emails_the_link_and_the_log_records_it_without_the_link(client, admin_user,
                                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", {"email": "lerato@example.com", "first_name": "Lerato", "last_name": "Mokoena",
                                          "password1": PASSPHRASE, "password2": PASSPHRASE})
    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    [row] = logged("account_email_confirmation_signup")
    assert (row.to, row.user.email, row.subject, row.status) == (
        "lerato@example.com", "lerato@example.com", message.subject, SentEmail.Status.SENT)
    assert row.sent_at is not None and row.attempts == 1
    # The link signs a person in: once sent it is not kept, and admins never see it.
    assert row.secret and row.text == "" and row.html == ""
    page = client_as(admin_user).get(f"/admin/sent_emails/inspect/{row.pk}/").content.decode()
    assert message.subject in page and "Withheld" in page and link not in page


def test_a_password_reset_is_emailed_and_logged_against_the_account(client, student, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": student.email})
    [message] = mail.outbox
    assert message.to == [student.email] and "/accounts/password/reset/key/" in message.body
    [row] = logged("account_password_reset_key")
    assert (row.user, row.to, row.status) == (student, student.email, SentEmail.Status.SENT)


def test_a_reset_for_an_address_without_an_account_is_logged_with_no_account(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert [m.to for m in mail.outbox] == [["nobody@example.com"]]
    [row] = logged("account_unknown_account")
    assert row.user is None and row.status == SentEmail.Status.SENT and not row.secret
    assert row.subject == "No Leerhuis account uses this address"
    assert "no account uses this" in row.text  # nothing secret in it: admins may read it


def test_an_account_email_in_a_rolled_back_transaction_is_never_sent(db, django_capture_on_commit_callbacks):
    request = RequestFactory().get("/accounts/password/reset/")
    with django_capture_on_commit_callbacks(execute=True), request_context(request):
        with pytest.raises(RuntimeError), transaction.atomic():
            get_adapter(request).send_mail("account/email/unknown_account", "nobody@example.com",
                                           {"signup_url": "https://example.com/accounts/signup/"})
            raise RuntimeError("the request failed after allauth asked for the email")
    assert mail.outbox == [] and not SentEmail.objects.exists()


def test_account_emails_keep_allauths_rate_limit(client, student, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(8):
            client.post("/accounts/password/reset/", {"email": student.email})
    # settings.ACCOUNT_RATE_LIMITS["reset_password"]: 5 a minute per address.
    assert len(mail.outbox) == 5 and len(logged("account_password_reset_key")) == 5


# --- receipts ---------------------------------------------------------------------------------


@pytest.fixture
def vat_registered(db):
    site = platform_settings()
    site.platform_name, site.vat_number, site.address = "Leerhuis (Pty) Ltd", "4123456789", "12 Long Street\nCape Town"
    site.save()
    return site


@pytest.fixture
def paid_order(student, instructor, vat_registered, django_capture_on_commit_callbacks):
    """A course bought and paid for through the test gateway, its commit run (the receipt sent)."""
    course = make_course(instructor, title="Django & Wagtail: Basics", pricing_type=PricingType.PAID,
                         price=Decimal("499.00"))
    order, _ = start_checkout(student, "test", course_id=course.pk)
    event = GatewayEvent(kind=EventKind.PAID, key=f"test:{order.reference}", name="test.paid", reference=order.reference,
                         transaction_id=f"T-{order.reference}", amount=order.amount, currency="ZAR")
    with django_capture_on_commit_callbacks(execute=True):
        record_event(gateway("test"), event)
    order.refresh_from_db()
    return order


def test_paying_emails_the_buyer_the_tax_invoice_pdf_and_logs_it(paid_order, student):
    invoice = paid_order.invoices.get()
    [message] = [m for m in mail.outbox if m.subject == "Your receipt for Django & Wagtail: Basics"]
    assert message.to == [student.email] and invoice.number in message.body and "R499.00" in message.body
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == (f"{invoice.number}.pdf", "application/pdf")
    text = pdf_text(content)
    assert "Tax Invoice" in text and invoice.number in text and "R499.00" in text
    [row] = logged("receipt")
    assert (row.user, row.status, row.attachments[0]["filename"]) == (student, SentEmail.Status.SENT, name)
    # ...and in the bell, leading to the payment history.
    notice = Notification.objects.get(user=student, kind="receipt")
    assert notice.title == "Your receipt for Django & Wagtail: Basics" and notice.url == "/payments/history/"


def test_a_refund_emails_the_credit_note_pdf_and_logs_it(paid_order, student, admin_user,
                                                         django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refund_order(paid_order.pk, admin_user, reason="Bought by mistake")
    note = paid_order.invoices.get(kind="credit_note")
    [message] = mail.outbox
    assert message.to == [student.email] and message.subject == f"Credit note {note.number}"
    [(name, content, _)] = message.attachments
    text = pdf_text(content)
    assert name == f"{note.number}.pdf" and "Credit Note" in text and note.number in text and "Bought by mistake" in text
    assert [r.status for r in logged("credit_note")] == [SentEmail.Status.SENT]


def test_a_receipt_the_mail_server_drops_is_retried_with_its_attachment(student, instructor, vat_registered, flaky,
                                                                        django_capture_on_commit_callbacks):
    FlakySMTP.failures = 1
    course = make_course(instructor, title="Bookkeeping", pricing_type=PricingType.PAID, price=Decimal("115.00"))
    order, _ = start_checkout(student, "test", course_id=course.pk)
    with django_capture_on_commit_callbacks(execute=True):
        record_event(gateway("test"), GatewayEvent(
            kind=EventKind.PAID, key=f"test:{order.reference}", name="test.paid", reference=order.reference,
            transaction_id=f"T-{order.reference}", amount=order.amount, currency="ZAR"))
    [row] = logged("receipt")
    assert (row.status, row.attempts) == (SentEmail.Status.SENT, 2) and flaky == [30]
    [receipt] = [m for m in FlakySMTP.sent if m.subject == "Your receipt for Bookkeeping"]
    assert "Tax Invoice" in pdf_text(receipt.attachments[0][1])


# --- moderation (Wagtail's workflow) ----------------------------------------------------------




def test_a_submitted_course_emails_each_moderator_once_and_the_outcome_emails_the_instructor_once(
        instructor, moderator, admin_user, django_capture_on_commit_callbacks):
    other_moderator = make_user("mod2@example.com", settings.MODERATORS_GROUP, first_name="Sipho")
    course = draft_course(instructor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit_course(course, instructor)
    # Wagtail's own "submitted" emails (to the task's group, and again to every superuser) are not sent.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([moderator.email, other_moderator.email, admin_user.email])
    assert {m.subject for m in mail.outbox} == {"Course to review: Household budgets"}
    assert SentEmail.objects.filter(kind="course_submitted", status="sent").count() == len(mail.outbox) == 3

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(CoursePage.objects.get(pk=course.pk), moderator, "reject", comment="Add an example.")
    assert [(m.to, m.subject) for m in mail.outbox] == [([instructor.email], "Changes requested: Household budgets")]

    with django_capture_on_commit_callbacks(execute=True):
        submit_course(CoursePage.objects.get(pk=course.pk), instructor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(CoursePage.objects.get(pk=course.pk), moderator, "approve", comment="")
    assert [(m.to, m.subject) for m in mail.outbox] == [([instructor.email], "Approved: Household budgets is live")]
    assert [r.kind for r in SentEmail.objects.filter(to=instructor.email, status="sent")] == [
        "course_approved", "course_rejected"]


def test_the_reconciliation_report_to_admins_is_logged(paid_order, admin_user, django_capture_on_commit_callbacks):
    yesterday = timezone.now() - timedelta(days=1)
    Order.objects.filter(pk=paid_order.pk).update(created_at=yesterday, paid_at=yesterday)
    paid_order.payments.update(amount=Decimal("400.00"))  # the gateway's figure now differs
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert daily_reconciliation() == 1
    [row] = logged("reconciliation_differences")
    assert (row.user, row.status) == (admin_user, SentEmail.Status.SENT) and paid_order.reference in row.text
    assert [m.to for m in mail.outbox] == [[admin_user.email]]


# --- the admins' log --------------------------------------------------------------------------


def test_the_emails_sent_screen_lists_account_receipt_and_report_emails(client, paid_order, admin_user,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    listing = client_as(admin_user).get("/admin/sent_emails/").content.decode()
    for subject in ("Your receipt for Django &amp; Wagtail: Basics", "No Leerhuis account uses this address"):
        assert subject in listing, subject
    filtered = client_as(admin_user).get("/admin/sent_emails/?kind=receipt").content.decode()
    assert "Your receipt for" in filtered and "No Leerhuis account" not in filtered


def test_wagtails_moderation_emails_for_other_pages_go_through_the_log(admin_user, moderator,
                                                                       django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    home = Page.objects.get(depth=2).specific
    task = GroupApprovalTask.objects.create(name="Page review")
    task.groups.set([Group.objects.get(name=settings.MODERATORS_GROUP)])
    workflow = Workflow.objects.create(name="Page review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=home)
    home.save_revision(user=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.start(home, admin_user)
    rows = list(SentEmail.objects.filter(kind__startswith="wagtail_workflow_"))
    assert rows and all(row.status == SentEmail.Status.SENT for row in rows)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(row.to for row in rows)  # nothing left unlogged
    assert [m.to for m in mail.outbox].count([moderator.email]) == 1


def test_the_admins_forgotten_password_email_goes_through_the_log(client, admin_user,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/password_reset/", {"email": admin_user.email})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [admin_user.email] and "/admin/password_reset/confirm/" in message.body
    [row] = logged("admin_password_reset")
    assert (row.user, row.status, row.secret, row.text) == (admin_user, SentEmail.Status.SENT, True, "")


def test_wagtails_comment_notifications_go_through_the_log(instructor, moderator, django_capture_on_commit_callbacks):
    # The page editor calls this directly when comments change (no signal to hear).
    from wagtail.admin.mail import send_notification
    from wagtail.models import Page

    with django_capture_on_commit_callbacks(execute=True):
        send_notification([instructor], "updated_comments", {
            "page": Page.objects.get(depth=2), "editor": moderator, "new_comments": [], "resolved_comments": [],
            "deleted_comments": [], "replied_comments": []})
    [message] = mail.outbox
    [row] = logged("wagtail_admin_notice")
    assert (row.user, row.to, row.subject, row.status) == (instructor, instructor.email, message.subject, "sent")


def test_an_attachment_that_cannot_be_rendered_is_recorded_as_failed_not_left_queued(
        student, django_capture_on_commit_callbacks):
    from lms_site import outbox

    def broken(key):
        raise RuntimeError(f"The PDF of {key} could not be rendered.")

    outbox.register_attachment("broken", broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            outbox.send_email(student.email, "Your receipt", "Text", user=student, kind="receipt",
                              attachments=[outbox.Attachment("broken", "INV-9", "INV-9.pdf")])
    finally:
        outbox.PROVIDERS.pop("broken")
    [row] = logged("receipt")
    assert (row.status, row.error) == (SentEmail.Status.FAILED, "RuntimeError: The PDF of INV-9 could not be rendered.")
    assert mail.outbox == []
