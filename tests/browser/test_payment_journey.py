"""Buying a course in a real browser: checkout, the gateway's page (a local stub speaking PayStack's
API that posts the signed webhook and sends the buyer back), land on the course enrolled, see the invoice."""

import io
import json
import re
from decimal import Decimal

import pytest
import requests
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from courses.models import Category
from courses.pricing import PricingType
from enrolment.models import Enrolment
from payments.gateways.paystack import webhook_signature
from payments.models import Order
from tests.support import PASSWORD, gateway_stub, make_course, make_user
from tests.support.axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SECRET = "sk_test_browser_journey_0123456789abcdef"


def log_in(page, url, email):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


@pytest.fixture
def paystack_stub(live_server, settings):
    """PayStack on 127.0.0.1: its hosted page posts charge.success to the site (signed), then redirects back."""
    server, state = gateway_stub.start()
    settings.SITE_URL = live_server.url
    settings.PAYSTACK_SECRET_KEY, settings.PAYSTACK_PUBLIC_KEY = SECRET, "pk_test_browser"
    settings.PAYSTACK_API_URL = state.base_url

    def pay(reference):
        order = Order.objects.get(reference=reference)
        data = {"id": 880001, "status": "success", "reference": reference, "amount": int(order.amount * 100),
                "currency": "ZAR", "fees": 1797}
        state.verify[reference] = data
        body = json.dumps({"event": "charge.success", "data": data}, separators=(",", ":")).encode()
        answer = requests.post(f"{live_server.url}/api/payments/webhook/paystack/", data=body, timeout=10,
                               headers={"Content-Type": "application/json",
                                        "x-paystack-signature": webhook_signature(body, SECRET)})
        assert answer.status_code == 200, answer.text

    state.on_pay = pay
    yield state
    server.shutdown()
    server.server_close()


def test_student_buys_a_course_with_paystack_lands_enrolled_and_sees_the_invoice(live_server, page, shoot, site_content,
                                                                                  paystack_stub):
    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    make_user("thandi@example.com", settings.STUDENTS_GROUP, first_name="Thandi", last_name="Nkosi")
    course = make_course(teacher, title="Tax for freelancers", sections=1, lessons_per_section=2,
                         category=Category.objects.create(name="Money"), pricing_type=PricingType.PAID,
                         price=Decimal("499.00"))
    url = live_server.url
    log_in(page, url, "thandi@example.com")

    page.goto(url + course.url)
    buy = page.get_by_role("link", name="Buy for R499")
    expect(buy).to_be_visible()
    shoot(page, "pay-course-page")
    buy.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Checkout")
    expect(page.locator("[data-vat]")).to_have_text("R65.09")
    expect(page.locator("[data-excl]")).to_have_text("R433.91")
    expect(page.locator("[data-total]")).to_have_text("R499.00")
    page.get_by_label(re.compile("PayStack")).check()
    assert violations(page) == []
    shoot(page, "pay-checkout")
    page.get_by_role("button", name="Pay R499.00").click()

    # The stub gateway posts the webhook and sends the buyer back: the course is open.
    expect(page).to_have_url(url + course.url)
    expect(page.get_by_text("Payment received")).to_be_visible()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    shoot(page, "pay-enrolled")
    assert Enrolment.objects.filter(user__email="thandi@example.com", course=course, source="purchase").exists()
    order = Order.objects.get()
    assert order.status == Order.Status.PAID

    page.goto(url + "/dashboard/")
    page.get_by_role("link", name="Payments and invoices").click()
    row = page.locator(f"[data-order='{order.reference}']")
    expect(row).to_contain_text("Paid")
    expect(row).to_contain_text("R65.09")
    assert violations(page) == []
    shoot(page, "pay-history")
    invoice_link = row.get_by_role("link", name=re.compile("Invoice INV-"))
    pdf = page.request.get(url + invoice_link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "INV-000001" in text and "Tax for freelancers" in text and "R499.00" in text


def test_a_buyer_who_cancels_at_the_gateway_is_not_enrolled(live_server, page, site_content, paystack_stub):
    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP)
    make_user("thandi@example.com", settings.STUDENTS_GROUP)
    course = make_course(teacher, title="Tax for freelancers", sections=1, lessons_per_section=1,
                         pricing_type=PricingType.PAID, price=Decimal("499.00"))
    paystack_stub.on_pay = None
    log_in(page, live_server.url, "thandi@example.com")
    page.goto(live_server.url + f"/payments/checkout/course/{course.pk}/")
    page.get_by_label(re.compile("PayStack")).check()
    page.get_by_role("button", name="Pay R499.00").click()
    # No webhook arrived and PayStack's verify knows nothing: the return page waits, the course stays closed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for the payment to be confirmed")
    assert not Enrolment.objects.filter(course=course).exists()


def test_student_subscribes_with_paystack_and_opens_an_included_course(live_server, page, shoot, site_content,
                                                                        paystack_stub):
    from payments.models import Subscription, SubscriptionPlan

    teacher = make_user("johan@example.com", settings.INSTRUCTORS_GROUP, first_name="Johan", last_name="Smit")
    make_user("ayesha@example.com", settings.STUDENTS_GROUP, first_name="Ayesha", last_name="Patel")
    course = make_course(teacher, title="Spreadsheets for small business", sections=1, lessons_per_section=2,
                         pricing_type=PricingType.SUBSCRIPTION, price=Decimal("0.00"))
    SubscriptionPlan.objects.create(name="All-access monthly", interval="monthly", price=Decimal("149.00"),
                                    paystack_plan_code="PLN_monthly")
    url = live_server.url
    log_in(page, url, "ayesha@example.com")

    page.goto(url + course.url)
    page.get_by_role("link", name="See subscription plans").click()
    expect(page.get_by_role("heading", name="All-access monthly")).to_be_visible()
    assert violations(page) == []
    shoot(page, "pay-plans")
    page.get_by_role("link", name="Subscribe").click()
    expect(page.locator("[data-vat]")).to_have_text("R19.43")
    page.get_by_label(re.compile("PayStack")).check()
    page.get_by_role("button", name="Pay R149.00").click()

    # Back from the stub gateway, subscribed: the included course opens with the subscription.
    expect(page.get_by_role("heading", name=re.compile("Your subscription"))).to_be_visible()
    assert paystack_stub.initialized[Order.objects.get().reference]["plan"] == "PLN_monthly"
    assert Subscription.objects.get().status == Subscription.Status.ACTIVE
    page.goto(url + course.url)
    page.get_by_role("button", name="Start with your subscription").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    shoot(page, "pay-subscribed-course")
    page.get_by_role("link", name="Lesson 1.1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.1")


def test_instructor_requests_a_payout_and_an_admin_approves_and_pays_it(live_server, page, new_page, shoot,
                                                                         site_content):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User
    from payments.models import Earning, Payout

    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    admin = User.objects.create_superuser(email="admin@example.com", password=PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=admin, email=admin.email, primary=True, verified=True)
    course = make_course(teacher, title="Tax for freelancers", sections=1, lessons_per_section=1,
                         pricing_type=PricingType.PAID, price=Decimal("1150.00"))
    for days in (30, 2):  # one sale past its hold, one still pending
        Earning.objects.create(instructor=teacher, kind=Earning.Kind.SALE, course=course, gross=Decimal("1150.00"),
                               vat=Decimal("150.00"), fee=Decimal("36.85"), net=Decimal("963.15"),
                               share=Decimal("70.00"), instructor_amount=Decimal("674.21"),
                               platform_amount=Decimal("288.94"),
                               available_at=timezone.now() - timedelta(days=days - 14))
    url = live_server.url
    log_in(page, url, "naledi@example.com")
    page.goto(url + "/payments/earnings/")
    expect(page.locator("[data-available]")).to_have_text("R674.21")
    expect(page.locator("[data-pending]")).to_have_text("R674.21")
    page.get_by_label("Account holder").fill("N Dlamini")
    page.get_by_label("Bank", exact=True).fill("Capitec")
    page.get_by_label("Branch code").fill("470010")
    page.get_by_label("Account number").fill("1402937755")
    page.get_by_role("button", name="Save bank details").click()
    expect(page.locator("[data-bank-masked]")).to_have_text("Capitec ····7755 (Cheque / current)")
    page.get_by_role("button", name="Request payout").click()
    expect(page.get_by_text("Payout of R674.21 requested")).to_be_visible()
    # Instructors get Wagtail's userbar on every page of the site, and with it axe's "region" finding on the
    # skip link; the same page chrome has no finding for students (the checkout and history above).
    assert [v for v in violations(page) if not v.startswith("moderate region") or ".skip-link" not in v] == []
    shoot(page, "pay-earnings")

    admin_page = new_page()
    log_in(admin_page, url, "admin@example.com")
    admin_page.goto(url + "/admin/payments/payouts/")
    admin_page.get_by_role("button", name="Approve").click()
    admin_page.get_by_placeholder("Transfer reference").fill("EFT-2026-0042")
    admin_page.get_by_role("button", name="Mark paid").click()
    expect(admin_page.get_by_text("marked paid")).to_be_visible()
    shoot(admin_page, "pay-admin-payouts", both=False)
    assert Payout.objects.get().status == Payout.Status.PAID
    page.reload()
    expect(page.locator("[data-paid-out]")).to_have_text("R674.21")


def test_instructor_changes_bank_details_only_with_their_password_and_is_told(live_server, page, shoot, site_content):
    from django.core import mail

    from notifications.models import SentEmail
    from payments.bank import save_bank_details

    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    save_bank_details(teacher, account_holder="N Dlamini", bank_name="Capitec", branch_code="470010",
                      account_number="1402937755", account_type="cheque")
    url = live_server.url
    log_in(page, url, "naledi@example.com")
    page.goto(url + "/payments/earnings/")
    expect(page.locator("[data-bank-masked]")).to_have_text("Capitec ····7755 (Cheque / current)")
    page.get_by_text("Change bank details").click()
    page.get_by_label("Bank", exact=True).fill("FNB")
    page.get_by_label("Branch code").fill("250655")
    page.get_by_label("Account number").fill("62000000999")
    page.get_by_label("Your current password").fill("not-my-password-at-all")
    page.get_by_role("button", name="Save bank details").click()
    expect(page.locator(".errorlist")).to_contain_text("password")
    expect(page.locator("[data-bank-masked]")).to_have_text("Capitec ····7755 (Cheque / current)")
    expect(page.get_by_label("Bank", exact=True)).to_have_value("FNB")  # what was typed stays to be corrected
    expect(page.get_by_label("Branch code")).to_have_value("250655")
    shoot(page, "pay-bank-details-refused")

    page.get_by_label("Account number").fill("62000000999")
    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_role("button", name="Save bank details").click()
    expect(page.locator("[data-bank-masked]")).to_have_text("FNB ····0999 (Cheque / current)")
    notice = SentEmail.objects.get(user=teacher, kind="bank_details_changed")
    assert notice.status == SentEmail.Status.SENT and "FNB ····0999" in notice.text and "62000000999" not in notice.text
    assert [m.subject for m in mail.outbox if m.to == [teacher.email]] == [notice.subject]
