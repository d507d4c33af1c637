"""Earnings and payouts: instructors see their own; payouts never exceed what is available; only admins decide."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from payments import ledger
from payments.bank import account_number, save_bank_details
from payments.errors import PaymentError
from payments.models import BankDetails, Earning, Payout, PayoutEvent
from payments.payouts import decide, request_payout

pytestmark = pytest.mark.django_db
BANK = {"account_holder": "Naledi Dlamini", "bank_name": "Capitec", "branch_code": "470010",
        "account_number": "1234567890", "account_type": "savings"}


def credit(instructor, amount, course=None, days_ago=30):
    """A matured sale line for `amount` to the instructor (no VAT, no fee, 100% share keeps sums plain)."""
    amount = Decimal(amount)
    return Earning.objects.create(
        instructor=instructor, kind=Earning.Kind.SALE, course=course, gross=amount, vat=Decimal("0"), fee=Decimal("0"),
        net=amount, share=Decimal("100"), instructor_amount=amount, platform_amount=Decimal("0"),
        available_at=timezone.now() - timedelta(days=days_ago))


@pytest.fixture
def banked(instructor):
    save_bank_details(instructor, **BANK)
    return instructor


def test_bank_details_are_encrypted_at_rest_and_shown_masked(instructor):
    details = save_bank_details(instructor, **BANK)
    stored = BankDetails.objects.filter(pk=details.pk).values_list("account_number_encrypted", flat=True).get()
    assert "1234567890" not in stored
    assert details.masked == "Capitec ····7890 (Savings)"
    assert account_number(details) == "1234567890"


@override_settings(FIELD_ENCRYPTION_KEY="another-key-entirely-0123456789abcdef")
def test_bank_details_need_the_key_they_were_stored_with(instructor, settings):
    details = save_bank_details(instructor, **BANK)
    settings.FIELD_ENCRYPTION_KEY = "a-different-key-0123456789abcdefghij"
    with pytest.raises(Exception):
        account_number(details)


@pytest.mark.parametrize("field, value", [("branch_code", "12"), ("account_number", "12ab"), ("account_holder", ""),
                                          ("account_type", "crypto")])
def test_bad_bank_details_name_the_field(instructor, field, value):
    with pytest.raises(PaymentError) as refused:
        save_bank_details(instructor, **{**BANK, field: value})
    assert field in refused.value.extra["fields"]


def test_a_payout_is_refused_below_the_threshold(banked):
    credit(banked, "499.99")
    with pytest.raises(PaymentError) as refused:
        request_payout(banked)
    assert refused.value.code == "below_threshold"


def test_a_payout_needs_bank_details(instructor):
    credit(instructor, "800.00")
    with pytest.raises(PaymentError) as refused:
        request_payout(instructor)
    assert refused.value.code == "no_bank_details"


def test_a_payout_never_asks_more_than_available(banked):
    credit(banked, "800.00")
    with pytest.raises(PaymentError) as refused:
        request_payout(banked, "800.01")
    assert refused.value.code == "more_than_available"
    payout = request_payout(banked)
    assert payout.amount == Decimal("800.00") and payout.bank_account == "Capitec ····7890 (Savings)"
    assert ledger.balances(banked)["available"] == Decimal("0.00")
    with pytest.raises(PaymentError):
        request_payout(banked)


def test_pending_earnings_cannot_be_paid_out(banked):
    credit(banked, "900.00", days_ago=-3)
    assert ledger.balances(banked)["pending"] == Decimal("900.00")
    with pytest.raises(PaymentError):
        request_payout(banked)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_payout_requests_never_spend_the_same_money_twice(instructor):
    save_bank_details(instructor, **BANK)
    credit(instructor, "600.00")
    statuses = []

    def ask():
        client = Client()
        client.force_login(instructor)
        try:
            statuses.append(client.post("/api/instructor/payouts/request/", {}, content_type="application/json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 400, 400, 400]
    assert Payout.objects.count() == 1
    assert ledger.balances(instructor)["available"] == Decimal("0.00")


def test_approve_then_mark_paid_records_who_and_when(banked, admin_user):
    credit(banked, "600.00")
    payout = request_payout(banked)
    decide(payout.pk, admin_user, "approve")
    paid = decide(payout.pk, admin_user, "mark_paid", "EFT-2026-0042")
    assert paid.status == Payout.Status.PAID and paid.reference == "EFT-2026-0042" and paid.paid_at
    events = list(PayoutEvent.objects.filter(payout=payout).values_list("status", "by__email"))
    assert events == [("requested", banked.email), ("approved", admin_user.email), ("paid", admin_user.email)]
    assert ledger.balances(banked)["paid_out"] == Decimal("600.00")


def test_a_rejected_payout_returns_its_amount_to_the_balance(banked, admin_user):
    credit(banked, "600.00")
    payout = request_payout(banked)
    with pytest.raises(PaymentError):
        decide(payout.pk, admin_user, "reject")  # a reason is required
    decide(payout.pk, admin_user, "reject", "Bank details do not match the account holder")
    assert ledger.balances(banked)["available"] == Decimal("600.00")


def test_payout_states_only_move_forward(banked, admin_user):
    credit(banked, "600.00")
    payout = request_payout(banked)
    with pytest.raises(PaymentError) as refused:
        decide(payout.pk, admin_user, "mark_paid", "EFT-1")
    assert refused.value.status == 409
    decide(payout.pk, admin_user, "approve")
    decide(payout.pk, admin_user, "mark_paid", "EFT-1")
    with pytest.raises(PaymentError):
        decide(payout.pk, admin_user, "reject", "too late")


# --- API -----------------------------------------------------------------------------------------

def test_the_earnings_api_shows_balances_courses_months_and_lines(client_for, banked, course):
    credit(banked, "600.00", course=course)
    credit(banked, "100.00", course=course, days_ago=-5)
    body = client_for(banked).get("/api/instructor/earnings/").json()
    assert body["balances"]["available"] == "600.00" and body["balances"]["pending"] == "100.00"
    assert body["threshold"] == "500.00"
    assert body["per_course"] == [{"course_id": course.pk, "title": course.title, "sales": 2, "gross": "700.00",
                                   "amount": "700.00"}]
    assert body["per_month"][0]["amount"] == "700.00"
    assert [line["state"] for line in body["lines"]] == ["pending", "available"]
    assert body["bank_details"] == "Capitec ····7890 (Savings)"
    assert "1234567890" not in str(body)


def test_an_instructor_sees_only_their_own_earnings(client_for, banked, other_instructor):
    credit(banked, "600.00")
    body = client_for(other_instructor).get("/api/instructor/earnings/").json()
    assert body["balances"]["available"] == "0.00" and body["lines"] == [] and body["bank_details"] is None


@pytest.mark.parametrize("who, status", [("anonymous", 401), ("student", 403)])
def test_strangers_and_students_have_no_earnings(client_for, student, who, status):
    user = None if who == "anonymous" else student
    assert client_for(user).get("/api/instructor/earnings/").status_code == status
    assert client_for(user).post("/api/instructor/payouts/request/", {}, format="json").status_code == status
    assert client_for(user).get("/api/instructor/bank-details/").status_code == status


def test_bank_details_api_stores_encrypted_and_answers_masked(client_for, instructor, other_instructor):
    response = client_for(instructor).put("/api/instructor/bank-details/", BANK, format="json")
    assert response.status_code == 200 and response.json()["masked"] == "Capitec ····7890 (Savings)"
    assert "account_number" not in response.json()
    assert client_for(other_instructor).get("/api/instructor/bank-details/").status_code == 404
    bad = client_for(instructor).put("/api/instructor/bank-details/", {**BANK, "branch_code": "x"}, format="json")
    assert bad.status_code == 400 and "branch_code" in bad.json()["fields"]


def test_payout_request_api(client_for, banked):
    credit(banked, "750.00")
    too_much = client_for(banked).post("/api/instructor/payouts/request/", {"amount": "800.00"}, format="json")
    assert too_much.status_code == 400 and too_much.json()["code"] == "more_than_available"
    assert too_much.json()["available"] == "750.00"
    response = client_for(banked).post("/api/instructor/payouts/request/", {"amount": "700.00"}, format="json")
    assert response.status_code == 201 and response.json()["amount"] == "700.00"
    assert client_for(banked).post("/api/instructor/payouts/request/", {"amount": "abc"}, format="json").status_code == 400


def test_only_admins_list_and_approve_payouts(client_for, banked, other_instructor, student, moderator, admin_user):
    credit(banked, "600.00")
    payout = request_payout(banked)
    for person in (None, student, banked, other_instructor, moderator):
        client = client_for(person)
        assert client.get("/api/admin/payouts/pending/").status_code in (401, 403)
        assert client.put(f"/api/admin/payouts/{payout.pk}/approve/", {}, format="json").status_code in (401, 403)
    listed = client_for(admin_user).get("/api/admin/payouts/pending/").json()
    assert [row["id"] for row in listed["results"]] == [payout.pk]
    approved = client_for(admin_user).put(f"/api/admin/payouts/{payout.pk}/approve/", {}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = client_for(admin_user).put(f"/api/admin/payouts/{payout.pk}/approve/", {}, format="json")
    assert again.status_code == 409
    assert client_for(admin_user).put("/api/admin/payouts/999999/approve/", {}, format="json").status_code == 404
    paid = client_for(admin_user).put(f"/api/admin/payouts/{payout.pk}/mark-paid/", {"note": "EFT-9"}, format="json")
    assert paid.json()["status"] == "paid" and paid.json()["reference"] == "EFT-9"


# --- pages ---------------------------------------------------------------------------------------

def test_the_earnings_page_shows_balances_and_takes_a_payout_request(client, banked, course):
    credit(banked, "600.00", course=course)
    client.force_login(banked)
    html = client.get("/payments/earnings/").content.decode()
    assert "R600.00" in html and "Capitec ····7890" in html and "1234567890" not in html
    response = client.post("/payments/earnings/", {"action": "payout", "amount": "600.00"})
    assert response.status_code == 302
    assert Payout.objects.get().amount == Decimal("600.00")


def test_the_earnings_page_is_for_instructors(client, student):
    client.force_login(student)
    assert client.get("/payments/earnings/").status_code == 403


def test_the_admin_payouts_screen_approves_and_marks_paid(client, banked, admin_user):
    credit(banked, "600.00")
    payout = request_payout(banked)
    client.force_login(admin_user)
    assert "Capitec ····7890" in client.get("/admin/payments/payouts/").content.decode()
    client.post("/admin/payments/payouts/", {"payout": payout.pk, "action": "approve"})
    html = client.get("/admin/payments/payouts/").content.decode()
    assert "1234567890" in html  # the full number only to the admin making the transfer
    client.post("/admin/payments/payouts/", {"payout": payout.pk, "action": "mark_paid", "note": "EFT-77"})
    payout.refresh_from_db()
    assert payout.status == Payout.Status.PAID


def test_instructors_and_moderators_cannot_open_the_admin_money_screens(client, instructor, moderator):
    for person in (instructor, moderator):
        client.force_login(person)
        for url in ("/admin/payments/payouts/", "/admin/payments/orders/", "/admin/payments/webhooks/"):
            assert client.get(url).status_code in (302, 403), url


def test_the_admin_payments_list_exports_csv_and_cannot_edit(client, admin_user, paid_course, order_for):
    order = order_for(paid_course, "test")
    client.force_login(admin_user)
    csv = b"".join(client.get("/admin/payments/orders/?export=csv").streaming_content).decode()
    assert order.reference in csv
    assert client.get(f"/admin/payments/orders/edit/{order.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/payments/orders/inspect/{order.pk}/").status_code == 200
