"""Gateways are enabled by settings; one without its keys is unavailable, never half-working."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from payments import gateways
from payments.gateways.base import GatewayError

from .third_gateway import PATH as THIRD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PAYSTACK = "payments.gateways.paystack.PayStackGateway"
PAYFAST = "payments.gateways.payfast.PayFastGateway"


def test_development_and_tests_offer_paystack_payfast_and_the_test_payment_gateway():
    assert list(gateways.installed()) == ["paystack", "payfast", "test"]
    assert list(gateways.enabled()) == ["paystack", "payfast", "test"]  # every switch is on at first


@override_settings(PAYMENT_GATEWAYS=[PAYSTACK, PAYFAST, THIRD])
def test_a_third_gateway_is_enabled_by_settings_alone():
    assert list(gateways.enabled()) == ["paystack", "payfast", "third"]
    assert gateways.get("third").label == "Third Pay"


@override_settings(PAYSTACK_SECRET_KEY="", PAYSTACK_PUBLIC_KEY="", PAYFAST_MERCHANT_ID="", PAYFAST_MERCHANT_KEY="")
def test_a_gateway_without_its_keys_is_unavailable():
    assert [g.slug for g in gateways.available()] == ["test"]
    with pytest.raises(GatewayError) as refused:
        gateways.get("paystack")
    assert refused.value.status == 503 and refused.value.code == "gateway_unavailable"


@override_settings(PAYSTACK_SECRET_KEY="sk_test_x", PAYSTACK_PUBLIC_KEY="pk_test_x")
def test_a_gateway_with_its_keys_is_available():
    assert gateways.get("paystack").is_configured()


def test_an_unknown_gateway_is_a_clear_400():
    with pytest.raises(GatewayError) as refused:
        gateways.get("bitcoin")
    assert refused.value.status == 400 and refused.value.code == "unknown_gateway"


@override_settings(PAYMENT_GATEWAYS=["payments.money.rand"])
def test_a_setting_that_names_something_else_than_a_gateway_fails_loudly():
    with pytest.raises(TypeError):
        gateways.installed()


def test_production_settings_never_enable_the_test_payment_gateway():
    script = ("import django; django.setup(); from django.conf import settings; "
              "print(','.join(settings.PAYMENT_GATEWAYS))")
    env = {"DJANGO_SETTINGS_MODULE": "lms_site.settings.production", "SECRET_KEY": "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
           "FIELD_ENCRYPTION_KEY": "f" * 10 + "abcdefghijklmnopqrstuvwxyz", "AI_TOOL_SIGNING_KEY": "a" * 10 + "abcdefghijklmnopqrstuvwxyz",
           "CREDENTIAL_SIGNING_KEY": "kdc6buAt39P8o15b0pe3Z0W952i0hcmDf0OXESAz3Yc",
           "REDIS_URL": "redis://127.0.0.1:6379/1", "PATH": "/usr/bin:/bin",
           "PAYMENT_GATEWAYS": f"{PAYSTACK},payments.gateways.test.TestPaymentGateway"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == PAYSTACK
