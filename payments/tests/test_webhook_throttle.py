"""A burst of forged webhook deliveries from one address is answered 429 past a limit and not stored,
while the gateway's genuine deliveries from its own address go through."""

import logging

import pytest

from payments.models import Order, WebhookEvent

from .deliveries import PAYFAST_IP, charge, itn, paystack_delivery

pytestmark = pytest.mark.django_db
PAYSTACK_URL = "/api/payments/webhook/paystack/"
PAYFAST_URL = "/api/payments/webhook/payfast/"
ATTACKER = "203.0.113.9"
PAYSTACK_IP = "52.31.139.75"


@pytest.fixture
def small_limit(settings):
    settings.WEBHOOK_REFUSED_LIMIT = 5
    settings.WEBHOOK_REFUSED_WINDOW = 600
    return 5


def forged(client, order, ip=ATTACKER):
    body, _ = paystack_delivery("charge.success", charge(order))
    return client.post(PAYSTACK_URL, body, content_type="application/json", HTTP_X_PAYSTACK_SIGNATURE="0" * 128,
                       REMOTE_ADDR=ip)


def test_a_burst_of_forged_deliveries_is_answered_429_and_not_stored(stub, client, paid_course, order_for, small_limit,
                                                                     caplog):
    order = order_for(paid_course)
    caplog.set_level(logging.WARNING, logger="lms.payments")
    statuses = [forged(client, order).status_code for _ in range(small_limit + 30)]
    assert statuses[:small_limit] == [400] * small_limit
    assert set(statuses[small_limit:]) == {429}
    throttled = forged(client, order)
    assert throttled.json()["code"] == "throttled" and throttled["Retry-After"] == "600"
    # Every refused delivery up to the limit is in the log, plus one row saying the address is throttled;
    # the 31 throttled ones are only counted.
    refused = WebhookEvent.objects.filter(source_ip=ATTACKER)
    assert refused.filter(code="bad_signature").count() == small_limit
    summary = refused.get(code="throttled")
    assert summary.body == "" and "further deliveries answer 429" in summary.detail
    assert any("throttled: 1 answered 429" in r.getMessage() for r in caplog.records)
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING


def test_the_gateways_own_deliveries_are_not_throttled_by_forgeries_from_elsewhere(stub, client, paid_course,
                                                                                   order_for, small_limit):
    order = order_for(paid_course)
    for _ in range(small_limit + 3):
        forged(client, order)
    assert forged(client, order).status_code == 429
    stub.verify[order.reference] = charge(order)
    body, headers = paystack_delivery("charge.success", charge(order))
    response = client.post(PAYSTACK_URL, body, content_type="application/json", REMOTE_ADDR=PAYSTACK_IP, **headers)
    assert response.status_code == 200 and response.json()["outcomes"] == ["processed"]
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_forged_itns_count_too_and_payfasts_validate_is_not_asked_once_throttled(stub, client, paid_course, order_for,
                                                                                small_limit):
    order = order_for(paid_course, "payfast")
    body, stub.validate_expect = itn(order)
    # A genuine-looking ITN from outside PayFast's addresses is refused (403) before validation.
    statuses = [client.post(PAYFAST_URL, body, content_type="application/x-www-form-urlencoded",
                            REMOTE_ADDR=ATTACKER).status_code for _ in range(small_limit + 2)]
    assert statuses == [403] * small_limit + [429, 429]
    assert not [r for r in stub.requests if r[1] == "/eng/query/validate"]
    # PayFast's own address is still heard.
    response = client.post(PAYFAST_URL, body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR=PAYFAST_IP)
    assert response.status_code == 200


def test_authentic_deliveries_the_services_refuse_are_not_counted(stub, client, paid_course, order_for, small_limit):
    order = order_for(paid_course)
    for number in range(small_limit + 2):
        body, headers = paystack_delivery("charge.success", {**charge(order), "reference": f"NOPE-{number}",
                                                             "id": number})
        response = client.post(PAYSTACK_URL, body, content_type="application/json", REMOTE_ADDR=PAYSTACK_IP, **headers)
        assert response.status_code == 400 and response.json()["code"] == "unknown_reference"
