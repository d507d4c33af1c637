"""The webhooks are in /api/schema/ with the bodies the gateways send and every status they answer, and
whatever a forger posts there answers one of those statuses as JSON, never a 500 (the fuzzer relies on it)."""

import json

import pytest
import yaml

from .deliveries import PAYFAST_IP

pytestmark = pytest.mark.django_db
PATH = "/api/payments/webhook/{gateway}/"


@pytest.fixture
def operation(client):
    return yaml.safe_load(client.get("/api/schema/").content)["paths"][PATH]["post"]


def test_the_webhooks_are_documented_with_the_gateways_bodies_and_answers(operation):
    assert operation["parameters"][0]["schema"]["enum"] == ["payfast", "paystack"]
    assert set(operation["requestBody"]["content"]) == {"application/json", "application/x-www-form-urlencoded"}
    assert {"200", "400", "403", "404", "413", "429", "503"} <= set(operation["responses"])
    assert operation["security"] == [{}]  # no sign-in: the signature is the gate


FORGERIES = [
    ("application/json", b'{"event":"charge.success","data":{"reference":"ORD-1","amount":49900}}'),
    ("application/json", b"[1, 2, 3]"),
    ("application/json", b"\xff\xfe\x00 not json"),
    ("application/json", b""),
    ("application/x-www-form-urlencoded", b"m_payment_id=ORD-1&amount_gross=abc&signature=\xc3\xa9"),
    ("application/x-www-form-urlencoded", b"%%%&&&==signature"),
    ("application/x-www-form-urlencoded", b"m_payment_id=\x00&signature=x&merchant_id=10000100"),
    ("text/plain", b"hello"),
]


@pytest.mark.parametrize("configured", [True, False])
@pytest.mark.parametrize("gateway", ["paystack", "payfast", "bitcoin"])
@pytest.mark.parametrize("content_type, body", FORGERIES)
def test_forged_deliveries_answer_a_documented_status_as_json(request, client, operation, settings, configured,
                                                              gateway, content_type, body):
    if configured:
        request.getfixturevalue("stub")
    else:
        settings.PAYSTACK_SECRET_KEY = settings.PAYSTACK_PUBLIC_KEY = ""
        settings.PAYFAST_MERCHANT_ID = settings.PAYFAST_MERCHANT_KEY = ""
    response = client.post(f"/api/payments/webhook/{gateway}/", body, content_type=content_type,
                           HTTP_X_PAYSTACK_SIGNATURE="é0", REMOTE_ADDR=PAYFAST_IP)
    assert str(response.status_code) in operation["responses"], response.content
    assert 400 <= response.status_code < 500  # refused, and never a 5xx (the fuzzer fails on any)
    assert {"detail", "code"} <= set(json.loads(response.content))
