"""An admin refunds a PayFast order through PayFast's refund API (payments.md section 2, "API"):
`POST /refunds/{pf_payment_id}`, the amount in cents, headers signed with the passphrase. PayFast
has no refunds in sandbox, so a sandbox site refuses instead of recording a refund that never happened."""

import hashlib
from urllib.parse import quote_plus

import pytest

from payments.gateways.base import GatewayError
from payments.models import GatewaySettings, Invoice, Order
from payments.refunds import refund_order

from .deliveries import MERCHANT_ID, PASSPHRASE, PAYFAST_IP, itn

pytestmark = pytest.mark.django_db


def paid_with_payfast(client, stub, order):
    body, stub.validate_expect = itn(order)
    response = client.post("/api/payments/webhook/payfast/", body, content_type="application/x-www-form-urlencoded",
                           REMOTE_ADDR=PAYFAST_IP)
    assert response.status_code == 200, response.json()
    order.refresh_from_db()
    return order


def payfast_api_signature(params):
    """Written from payments.md, not from our code: every header and body param plus the passphrase, sorted
    by key, urlencoded like PHP, joined with &, MD5."""
    enc = lambda v: quote_plus(str(v), safe="").replace("~", "%7E")  # noqa: E731
    pairs = {**params, "passphrase": PASSPHRASE}
    return hashlib.md5("&".join(f"{k}={enc(pairs[k])}" for k in sorted(pairs)).encode()).hexdigest()


def test_a_full_refund_asks_payfasts_refund_api_then_refunds_the_order(stub, client, paid_course, order_for, admin_user):
    order = paid_with_payfast(client, stub, order_for(paid_course, "payfast"))
    refund_order(order.pk, admin_user, reason="Bought by mistake")
    [(payment_id, headers, body)] = stub.payfast_refunds
    assert payment_id == "2481632"  # the ITN's pf_payment_id
    assert body["amount"] == "49900" and body["notify_buyer"] == "1" and body["reason"] == "Bought by mistake"
    assert headers["merchant-id"] == MERCHANT_ID and headers["version"] == "v1" and headers["timestamp"]
    signed = {"merchant-id": headers["merchant-id"], "version": headers["version"], "timestamp": headers["timestamp"],
              **body}
    assert headers["signature"] == payfast_api_signature(signed)
    assert PASSPHRASE not in str(headers) + str(body)  # the passphrase is never sent
    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED
    assert Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE).total == order.amount


def test_a_partial_payfast_refund_sends_its_cents(stub, client, paid_course, order_for, admin_user):
    order = paid_with_payfast(client, stub, order_for(paid_course, "payfast"))
    refund_order(order.pk, admin_user, "100.00", reason="Goodwill")
    assert stub.payfast_refunds[-1][2]["amount"] == "10000"
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_when_payfast_refuses_the_refund_nothing_is_recorded(stub, client, paid_course, order_for, admin_user):
    order = paid_with_payfast(client, stub, order_for(paid_course, "payfast"))
    stub.mode = "refuse"
    with pytest.raises(GatewayError) as refused:
        refund_order(order.pk, admin_user, reason="Bought by mistake")
    assert refused.value.status == 502 and "exceeds the available amount" in refused.value.message
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and not Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).exists()


def test_in_sandbox_a_payfast_refund_is_refused_and_payfast_is_not_asked(stub, client, paid_course, order_for,
                                                                        admin_user):
    order = paid_with_payfast(client, stub, order_for(paid_course, "payfast"))
    switches = GatewaySettings.load()
    switches.payfast_sandbox = True
    switches.save()
    with pytest.raises(GatewayError) as refused:
        refund_order(order.pk, admin_user, reason="Bought by mistake")
    assert refused.value.status == 409 and "no refunds in sandbox" in refused.value.message
    assert stub.payfast_refunds == []
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_the_admin_refund_screen_refunds_a_payfast_order_through_payfast(stub, client, paid_course, order_for,
                                                                        admin_user):
    order = paid_with_payfast(client, stub, order_for(paid_course, "payfast"))
    client.force_login(admin_user)
    assert b"Refund through PayFast" in client.get(f"/admin/payments/refund/{order.reference}/").content
    client.post(f"/admin/payments/refund/{order.reference}/", {"amount": "", "reason": "Requested by the student"})
    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED and len(stub.payfast_refunds) == 1
