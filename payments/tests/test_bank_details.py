"""Changing saved bank details needs the instructor's current password and emails them a notice; a payout
requested to the old details cannot be approved or paid to the new ones."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from payments.bank import account_number, save_bank_details
from payments.errors import PaymentError
from payments.models import BankDetails, Earning, Payout
from payments.payouts import decide, request_payout
from tests.support import PASSWORD

pytestmark = pytest.mark.django_db
API = "/api/instructor/bank-details/"
BANK = {"account_holder": "Naledi Dlamini", "bank_name": "Capitec", "branch_code": "470010",
        "account_number": "1234567890", "account_type": "savings"}
NEW = {**BANK, "bank_name": "FNB", "branch_code": "250655", "account_number": "62000000999", "account_type": "cheque"}


def credit(instructor, amount):
    amount = Decimal(amount)
    Earning.objects.create(instructor=instructor, kind=Earning.Kind.SALE, gross=amount, vat=Decimal("0"),
                           fee=Decimal("0"), net=amount, share=Decimal("100"), instructor_amount=amount,
                           platform_amount=Decimal("0"), available_at=timezone.now() - timedelta(days=30))


@pytest.fixture
def banked(instructor):
    save_bank_details(instructor, **BANK)
    mail.outbox.clear()
    return instructor


def unchanged(instructor):
    details = BankDetails.objects.get(instructor=instructor)
    assert (details.bank_name, account_number(details)) == ("Capitec", "1234567890")


def test_first_bank_details_need_no_password_and_send_no_notice(instructor):
    save_bank_details(instructor, **BANK)
    assert BankDetails.objects.filter(instructor=instructor).exists() and mail.outbox == []


@pytest.mark.parametrize("password, code", [(None, "password_required"), ("", "password_required"),
                                            ("not-my-password", "wrong_password")])
def test_changing_saved_details_without_the_right_password_changes_nothing(banked, password, code):
    with pytest.raises(PaymentError) as refused:
        save_bank_details(banked, **NEW, current_password=password)
    assert refused.value.code == code and "current_password" in refused.value.extra["fields"]
    unchanged(banked)
    assert mail.outbox == []


def test_changing_with_the_password_emails_the_instructor_a_masked_notice(banked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        save_bank_details(banked, **NEW, current_password=PASSWORD)
    details = BankDetails.objects.get(instructor=banked)
    assert details.masked == "FNB ····0999 (Cheque / current)"
    [notice] = mail.outbox
    assert notice.to == [banked.email] and "bank details changed" in notice.subject
    assert "Capitec ····7890" in notice.body and "FNB ····0999" in notice.body
    assert "62000000999" not in notice.body and "1234567890" not in notice.body
    from notifications.models import SentEmail  # every email is in the admins' log

    assert SentEmail.objects.filter(user=banked, kind="bank_details_changed", status="sent").count() == 1


def test_guessing_the_password_is_stopped_after_a_few_tries(banked):
    for _ in range(5):
        with pytest.raises(PaymentError):
            save_bank_details(banked, **NEW, current_password="guess")
    with pytest.raises(PaymentError) as refused:
        save_bank_details(banked, **NEW, current_password=PASSWORD)
    assert refused.value.status == 429
    unchanged(banked)


def test_the_api_asks_for_the_current_password_to_change_details(client_for, banked,
                                                                   django_capture_on_commit_callbacks):
    client = client_for(banked)
    refused = client.put(API, {**NEW, "current_password": "wrong"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "wrong_password"
    unchanged(banked)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.put(API, {**NEW, "current_password": PASSWORD}, format="json")
    assert done.status_code == 200 and done.json()["masked"].startswith("FNB")
    assert "current_password" not in done.json() and len(mail.outbox) == 1


def test_the_earnings_page_asks_for_the_current_password_to_change_details(client, banked):
    client.force_login(banked)
    page = client.get("/payments/earnings/")
    assert b'name="current_password"' in page.content
    refused = client.post("/payments/earnings/", {"action": "bank", **NEW, "current_password": "wrong"})
    assert refused.status_code == 400 and b"Not your current password" in refused.content
    unchanged(banked)
    client.post("/payments/earnings/", {"action": "bank", **NEW, "current_password": PASSWORD})
    assert BankDetails.objects.get(instructor=banked).bank_name == "FNB"


def test_another_instructor_can_neither_see_nor_change_them(client_for, banked, other_instructor,
                                                           django_capture_on_commit_callbacks):
    other = client_for(other_instructor)
    assert other.get(API).status_code == 404
    assert "7890" not in other.get("/api/instructor/earnings/").content.decode()
    # Their PUT stores their own details (the password asked is their own), never the first instructor's.
    with django_capture_on_commit_callbacks(execute=True):
        assert other.put(API, {**NEW, "current_password": PASSWORD}, format="json").status_code == 200
    unchanged(banked)
    assert BankDetails.objects.get(instructor=other_instructor).bank_name == "FNB"
    assert mail.outbox == []  # a first save for them; nothing changed for the first instructor


def test_a_payout_cannot_be_approved_after_the_bank_details_changed(banked, admin_user, client_for):
    credit(banked, "600.00")
    payout = request_payout(banked)
    save_bank_details(banked, **NEW, current_password=PASSWORD)
    with pytest.raises(PaymentError) as refused:
        decide(payout.pk, admin_user, "approve")
    assert refused.value.code == "bank_details_changed" and refused.value.status == 409
    assert "Capitec ····7890" in refused.value.message and "Reject it" in refused.value.message
    response = client_for(admin_user).put(f"/api/admin/payouts/{payout.pk}/approve/", {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "bank_details_changed"
    payout.refresh_from_db()
    assert payout.status == Payout.Status.REQUESTED
    # Rejecting still works, and the instructor asks again with the new details.
    decide(payout.pk, admin_user, "reject", "Bank details changed; please request again")
    again = request_payout(banked)
    assert decide(again.pk, admin_user, "approve").status == Payout.Status.APPROVED


def test_an_approved_payout_cannot_be_marked_paid_after_the_bank_details_changed(banked, admin_user, client):
    credit(banked, "600.00")
    payout = request_payout(banked)
    decide(payout.pk, admin_user, "approve")
    save_bank_details(banked, **NEW, current_password=PASSWORD)
    client.force_login(admin_user)
    client.post("/admin/payments/payouts/", {"action": "mark_paid", "payout": payout.pk, "note": "EFT-1"})
    payout.refresh_from_db()
    assert payout.status == Payout.Status.APPROVED
    page = client.get("/admin/payments/payouts/").content.decode()
    assert "bank details changed" in page


def test_resaving_the_same_details_does_not_block_the_payout(banked, admin_user):
    credit(banked, "600.00")
    payout = request_payout(banked)
    save_bank_details(banked, **BANK, current_password=PASSWORD)
    assert decide(payout.pk, admin_user, "approve").status == Payout.Status.APPROVED
