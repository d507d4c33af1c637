"""Webhooks: only an authentic, confirmed delivery for the right amount pays an order, and only once.

Forged, replayed, duplicated, concurrent and out-of-order deliveries, amount and currency
mismatches and unknown references change nothing but a recorded WebhookEvent.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from enrolment.models import Enrolment
from payments.models import Order, Payment, WebhookEvent

from .deliveries import PAYFAST_IP, charge, itn, paystack_delivery

pytestmark = pytest.mark.django_db

PAYSTACK_URL = "/api/payments/webhook/paystack/"
PAYFAST_URL = "/api/payments/webhook/payfast/"
FORM = "application/x-www-form-urlencoded"


def post_paystack(client, event, data, signature=None):
    body, headers = paystack_delivery(event, data)
    if signature is not None:
        headers = {"HTTP_X_PAYSTACK_SIGNATURE": signature} if signature else {}
    return client.post(PAYSTACK_URL, body, content_type="application/json", **headers)


def verify_says(stub, order, **changes):
    stub.verify[order.reference] = {**charge(order), **changes}


def nothing_changed(order):
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and order.paid_at is None
    assert not Payment.objects.filter(order=order).exists()
    assert not Enrolment.objects.filter(user=order.user, course=order.course).exists()


def outcome(order=None, **filters):
    return WebhookEvent.objects.filter(**filters).order_by("-pk").first()


# --- PayStack ----------------------------------------------------------------------------------

def test_a_signed_and_verified_charge_pays_the_order_and_enrols_the_buyer(stub, client, paid_course, order_for):
    order = order_for(paid_course)
    verify_says(stub, order)
    response = post_paystack(client, "charge.success", charge(order))
    assert response.status_code == 200 and response.json()["outcomes"] == ["processed"]
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.paid_at
    payment = Payment.objects.get(order=order)
    assert (payment.amount, payment.fee, payment.transaction_id) == (Decimal("499.00"), Decimal("17.97"), "4099260516")
    enrolment = Enrolment.objects.get(user=order.user, course=paid_course)
    assert enrolment.source == Enrolment.Source.PURCHASE
    assert ("GET", f"/transaction/verify/{order.reference}") in [(m, p) for m, p, *_ in stub.requests]


@pytest.mark.parametrize("signature", ["", "0" * 128, "not-hex"])
def test_a_forged_or_missing_paystack_signature_is_refused_and_recorded(stub, client, paid_course, order_for, signature):
    order = order_for(paid_course)
    verify_says(stub, order)
    response = post_paystack(client, "charge.success", charge(order), signature=signature)
    assert response.status_code == 400 and response.json()["code"] == "bad_signature"
    assert outcome(gateway="paystack").outcome == WebhookEvent.Outcome.REFUSED
    nothing_changed(order)


def test_a_body_changed_after_signing_is_refused(stub, client, paid_course, order_for):
    order = order_for(paid_course)
    body, headers = paystack_delivery("charge.success", charge(order))
    tampered = body.replace(b'"amount":49900', b'"amount":100')
    assert client.post(PAYSTACK_URL, tampered, content_type="application/json", **headers).status_code == 400
    nothing_changed(order)


def test_a_replayed_charge_changes_state_once(stub, client, paid_course, order_for):
    order = order_for(paid_course)
    verify_says(stub, order)
    first = post_paystack(client, "charge.success", charge(order))
    again = post_paystack(client, "charge.success", charge(order))
    assert first.status_code == again.status_code == 200
    assert again.json()["outcomes"] == ["duplicate"]
    assert Payment.objects.filter(order=order).count() == 1
    assert list(WebhookEvent.objects.filter(gateway="paystack").values_list("outcome", flat=True).order_by("pk")) == [
        "processed", "duplicate"]


@pytest.mark.parametrize("amount, currency, code", [(49800, "ZAR", "amount_mismatch"), (49900, "NGN", "currency_mismatch"),
                                                    (4990000, "ZAR", "amount_mismatch")])
def test_a_charge_for_another_amount_or_currency_pays_nothing(stub, client, paid_course, order_for, amount, currency, code):
    order = order_for(paid_course)
    verify_says(stub, order, amount=amount, currency=currency)
    response = post_paystack(client, "charge.success", charge(order, amount=amount, currency=currency))
    assert response.status_code == 400 and response.json()["code"] == code
    nothing_changed(order)
    assert order.flag.startswith(code)
    assert outcome(gateway="paystack").code == code


def test_a_charge_for_an_unknown_reference_is_recorded_and_refused(stub, client, paid_course, order_for):
    order = order_for(paid_course)
    data = {**charge(order), "reference": "ORD-NOT-OURS"}
    response = post_paystack(client, "charge.success", data)
    assert response.status_code == 400 and response.json()["code"] == "unknown_reference"
    assert outcome(gateway="paystack").reference == "ORD-NOT-OURS"
    nothing_changed(order)


@pytest.mark.parametrize("status", ["abandoned", "failed", "reversed"])
def test_a_webhook_that_paystacks_verify_contradicts_pays_nothing(stub, client, paid_course, order_for, status):
    order = order_for(paid_course)
    verify_says(stub, order, status=status)
    response = post_paystack(client, "charge.success", charge(order))
    assert response.status_code == 400 and response.json()["code"] == "verify_disagrees"
    nothing_changed(order)


def test_when_verify_cannot_be_reached_the_webhook_asks_to_be_sent_again(stub, client, paid_course, order_for):
    order = order_for(paid_course)
    stub.mode = "500"
    response = post_paystack(client, "charge.success", charge(order))
    assert response.status_code == 503 and response.json()["code"] == "verify_unavailable"
    nothing_changed(order)


def test_a_failure_reported_after_the_payment_never_moves_the_order_back(stub, client, paid_course, order_for):
    order = order_for(paid_course)
    verify_says(stub, order)
    post_paystack(client, "charge.success", charge(order))
    response = post_paystack(client, "charge.failed", {**charge(order), "status": "failed", "id": 5})
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_events_we_do_not_act_on_are_recorded_as_ignored(stub, client, paid_course, order_for):
    response = post_paystack(client, "customeridentification.success", {"id": 9, "customer_code": "CUS_x"})
    assert response.status_code == 200 and response.json()["outcomes"] == ["ignored"]


def test_a_body_that_is_not_json_is_a_400_not_a_500(stub, client):
    from payments.gateways.paystack import webhook_signature

    from .deliveries import PAYSTACK_SECRET

    body = b"{not json"
    response = client.post(PAYSTACK_URL, body, content_type="application/json",
                           HTTP_X_PAYSTACK_SIGNATURE=webhook_signature(body, PAYSTACK_SECRET))
    assert response.status_code == 400 and response.json()["code"] == "unreadable"


def test_a_webhook_for_a_gateway_that_is_not_enabled_is_404_and_recorded(client):
    assert client.post("/api/payments/webhook/bitcoin/", b"{}", content_type="application/json").status_code == 404
    assert outcome(gateway="bitcoin").code == "unknown_gateway"


def test_a_gateway_without_keys_refuses_webhooks_with_404_not_a_server_error(client, settings, paid_course, order_for):
    # Not a 5xx: a forger posting to a site without PayStack keys must not read as our failure (the API
    # fuzzer fails on any 5xx), and PayStack retries any answer but 200 all the same.
    settings.PAYSTACK_SECRET_KEY = ""
    body = b'{"event":"charge.success","data":{}}'
    response = client.post(PAYSTACK_URL, body, content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "gateway_unavailable"


def test_webhooks_answer_post_only(client):
    assert client.get(PAYSTACK_URL).status_code == 405


# --- PayFast -----------------------------------------------------------------------------------

def post_itn(client, body, ip=PAYFAST_IP, **extra):
    return client.post(PAYFAST_URL, body, content_type=FORM, REMOTE_ADDR=ip, **extra)


def test_an_itn_passing_all_four_checks_pays_the_order(stub, client, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    body, unsigned = itn(order)
    stub.validate_expect = unsigned
    response = post_itn(client, body)
    assert response.status_code == 200, response.json()
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    payment = Payment.objects.get(order=order)
    assert (payment.transaction_id, payment.fee) == ("2481632", Decimal("17.48"))
    assert Enrolment.objects.filter(user=order.user, course=paid_course).exists()
    # The validate call received exactly the pairs up to the signature, nothing more.
    assert [b.decode() for m, p, h, b in stub.requests if p == "/eng/query/validate"] == [unsigned]


def test_an_itn_with_a_forged_signature_is_refused(stub, client, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    body, unsigned = itn(order)
    stub.validate_expect = unsigned
    forged = body.rsplit("signature=", 1)[0] + "signature=" + "0" * 32
    assert post_itn(client, forged).status_code == 400
    assert outcome(gateway="payfast").code == "bad_signature"
    nothing_changed(order)


def test_an_itn_from_outside_payfasts_addresses_is_refused(stub, client, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    body, unsigned = itn(order)
    stub.validate_expect = unsigned
    response = post_itn(client, body, ip="203.0.113.7", HTTP_X_FORWARDED_FOR=PAYFAST_IP)
    assert response.status_code == 403 and response.json()["code"] == "bad_source"
    nothing_changed(order)


def test_behind_one_proxy_the_itn_source_is_the_address_the_proxy_saw(stub, client, settings, paid_course, order_for):
    settings.NUM_PROXIES = 1
    order = order_for(paid_course, "payfast")
    body, unsigned = itn(order)
    stub.validate_expect = unsigned
    # A client-written entry on the left is not believed; the proxy's entry on the right is.
    assert post_itn(client, body, ip="10.0.0.5", HTTP_X_FORWARDED_FOR=f"{PAYFAST_IP}, 203.0.113.7").status_code == 403
    assert post_itn(client, body, ip="10.0.0.5", HTTP_X_FORWARDED_FOR=f"203.0.113.7, {PAYFAST_IP}").status_code == 200


def test_an_itn_for_another_merchant_is_refused(stub, client, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    body, unsigned = itn(order, merchant_id="10000999")
    stub.validate_expect = unsigned
    assert post_itn(client, body).json()["code"] == "wrong_merchant"
    nothing_changed(order)


def test_an_itn_for_a_cent_less_pays_nothing(stub, client, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    body, unsigned = itn(order, amount="498.99")
    stub.validate_expect = unsigned
    response = post_itn(client, body)
    assert response.status_code == 400 and response.json()["code"] == "amount_mismatch"
    nothing_changed(order)


def test_an_itn_payfast_does_not_validate_pays_nothing(stub, client, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    body, unsigned = itn(order)
    stub.validate_expect = unsigned + "&extra=1"
    response = post_itn(client, body)
    assert response.status_code == 400 and response.json()["code"] == "validate_invalid"
    nothing_changed(order)


@pytest.mark.parametrize("mode", ["500", "slow"])
def test_when_payfasts_validation_fails_or_times_out_the_order_stays_unpaid(stub, client, paid_course, order_for, mode):
    order = order_for(paid_course, "payfast")
    body, unsigned = itn(order)
    stub.validate_expect = unsigned
    stub.mode = mode
    response = post_itn(client, body)
    assert response.status_code == 503 and response.json()["code"] == "validate_unavailable"
    nothing_changed(order)


def test_a_replayed_itn_changes_state_once(stub, client, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    body, unsigned = itn(order)
    stub.validate_expect = unsigned
    assert post_itn(client, body).status_code == 200
    assert post_itn(client, body).json()["outcomes"] == ["duplicate"]
    assert Payment.objects.filter(order=order).count() == 1


def test_a_cancelled_itn_is_not_a_payment(stub, client, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    body, unsigned = itn(order, status="CANCELLED")
    stub.validate_expect = unsigned
    assert post_itn(client, body).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.FAILED
    assert not Payment.objects.exists()


def test_an_older_failed_itn_after_the_payment_changes_nothing(stub, client, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    paid, unsigned = itn(order)
    stub.validate_expect = unsigned
    post_itn(client, paid)
    failed, unsigned = itn(order, status="FAILED", pf_payment_id="2481630")
    stub.validate_expect = unsigned
    assert post_itn(client, failed).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_an_itn_body_that_is_not_form_data_is_a_400(stub, client):
    response = client.post(PAYFAST_URL, b"\xff\xfe\x00", content_type=FORM, REMOTE_ADDR=PAYFAST_IP)
    assert response.status_code == 400
    # Recorded for admins even with a NUL byte in it (PostgreSQL text cannot hold NUL).
    assert "\x00" not in WebhookEvent.objects.get(gateway="payfast").body


def test_a_paystack_event_for_a_payfast_order_pays_nothing(stub, client, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    verify_says(stub, order)
    response = post_paystack(client, "charge.success", charge(order))
    assert response.status_code == 400 and response.json()["code"] == "wrong_gateway"
    nothing_changed(order)


# --- concurrency -------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_deliveries_of_the_same_charge_pay_once(stub, paid_course, student):
    from payments.services import start_checkout

    order, _ = start_checkout(student, "paystack", course_id=paid_course.pk)
    verify_says(stub, order)
    body, headers = paystack_delivery("charge.success", charge(order))
    statuses = []

    def deliver():
        try:
            statuses.append(Client().post(PAYSTACK_URL, body, content_type="application/json", **headers).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 4
    assert Payment.objects.filter(order=order).count() == 1
    assert WebhookEvent.objects.filter(outcome="processed").count() == 1
    assert WebhookEvent.objects.filter(outcome="duplicate").count() == 3
    assert Enrolment.objects.filter(user=student, course=paid_course).count() == 1


# --- Found in review: what the signature does not cover is never read --------------------------

def test_pairs_appended_after_a_genuine_itns_signature_pay_nothing_else(stub, client, paid_course, order_for):
    cheap, dear = order_for(paid_course, "payfast"), order_for(paid_course, "payfast")
    body, unsigned = itn(cheap, amount="1.00")
    stub.validate_expect = unsigned
    smuggled = f"{body}&m_payment_id={dear.reference}&amount_gross={dear.amount:.2f}&pf_payment_id=999"
    post_itn(client, smuggled)
    nothing_changed(dear)


def test_an_itn_that_repeats_a_signed_field_is_refused(stub, client, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    body, unsigned = itn(order, extra=[("m_payment_id", "ORD-OTHER")])
    stub.validate_expect = unsigned
    response = post_itn(client, body)
    assert response.status_code == 400 and response.json()["code"] == "unreadable"
    nothing_changed(order)


@pytest.mark.parametrize("gateway", ["paystack", "payfast"])
def test_a_non_ascii_signature_is_a_refusal_not_a_server_error(stub, client, paid_course, order_for, gateway):
    order = order_for(paid_course, gateway)
    if gateway == "paystack":
        response = post_paystack(client, "charge.success", charge(order), signature="é")
    else:
        body, unsigned = itn(order)
        response = post_itn(client, body.rsplit("signature=", 1)[0] + "signature=%C3%A9")
    assert response.status_code == 400
    assert outcome(gateway=gateway).code == "bad_signature"
    nothing_changed(order)
