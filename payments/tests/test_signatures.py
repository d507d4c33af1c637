"""Gateway signatures against the worked examples in payments.md (sections 1 and 2), byte for byte."""

import json

from payments.gateways.payfast import checkout_fields, checkout_signature, itn_pairs, itn_signature, signed_string
from payments.gateways.paystack import webhook_signature

PAYSTACK_SECRET = "sk_test_3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345"
PAYSTACK_EVENT = {"event": "charge.success", "data": {"id": 4099260516, "status": "success", "reference": "ORD-1001",
                                                      "amount": 49900, "currency": "ZAR", "metadata": {"order_id": 1001}}}
PASSPHRASE = "jt7NOE43FZPn"

CHECKOUT = {
    "merchant_id": "10000100", "merchant_key": "46f0cd694581a",
    "return_url": "https://learn.example.co.za/payments/payfast/return/",
    "cancel_url": "https://learn.example.co.za/payments/payfast/cancel/",
    "notify_url": "https://learn.example.co.za/api/payments/webhook/payfast/",
    "name_first": "Thandi", "name_last": "van der Merwe", "email_address": "thandi+test@example.com",
    "m_payment_id": "ORD-1001", "amount": "499.00", "item_name": "Django & Wagtail: Basics",
    "custom_str1": "", "custom_int1": " 42 ",
}
CHECKOUT_STRING = (
    "merchant_id=10000100&merchant_key=46f0cd694581a&return_url=https%3A%2F%2Flearn.example.co.za%2Fpayments%2F"
    "payfast%2Freturn%2F&cancel_url=https%3A%2F%2Flearn.example.co.za%2Fpayments%2Fpayfast%2Fcancel%2F&notify_url="
    "https%3A%2F%2Flearn.example.co.za%2Fapi%2Fpayments%2Fwebhook%2Fpayfast%2F&name_first=Thandi&name_last=van+der+"
    "Merwe&email_address=thandi%2Btest%40example.com&m_payment_id=ORD-1001&amount=499.00&item_name=Django+%26+"
    "Wagtail%3A+Basics&custom_int1=42"
)
ITN_BODY = (
    "m_payment_id=ORD-1001&pf_payment_id=2481632&payment_status=COMPLETE&item_name=Django+%26+Wagtail%3A+Basics&"
    "item_description=&amount_gross=499.00&amount_fee=-17.48&amount_net=481.52&custom_str1=&custom_str2=&custom_str3="
    "&custom_str4=&custom_str5=&custom_int1=&custom_int2=&custom_int3=&custom_int4=&custom_int5=&name_first=Thandi&"
    "name_last=van+der+Merwe&email_address=thandi%2Btest%40example.com&merchant_id=10000100&"
    "signature=b7ba25710181048be8e34bc78c01ae31"
)


def test_paystack_webhook_signature_is_hmac_sha512_of_the_compact_raw_body():
    body = json.dumps(PAYSTACK_EVENT, separators=(",", ":")).encode()
    assert len(body) == 154
    assert webhook_signature(body, PAYSTACK_SECRET) == (
        "cc25260957d50e8d1e49cdaf2ca4892aeb441fdfb0e0949c9e8624899c50fa5e"
        "a41856526b26742b6a7e4b1306f191bfc2dc2ee0c13969d972da1e1f683134ce"
    )


def test_paystack_signature_of_re_serialised_json_does_not_match():
    spaced = json.dumps(PAYSTACK_EVENT).encode()
    assert webhook_signature(spaced, PAYSTACK_SECRET).startswith("d7c4eb1f")


def test_payfast_checkout_string_drops_blanks_and_trims_in_payfasts_order():
    assert signed_string(checkout_fields(CHECKOUT)) == CHECKOUT_STRING


def test_payfast_checkout_signature_without_and_with_passphrase():
    assert checkout_signature(CHECKOUT) == "c1f4505f28dfc001b81e708476d5e1c9"
    assert checkout_signature(CHECKOUT, PASSPHRASE) == "e7cf1f668d89fdd2282938182a5f5061"


def test_payfast_subscription_checkout_signature():
    fields = {**CHECKOUT, "m_payment_id": "SUB-2001", "amount": "199.00", "item_name": "All-access monthly",
              "custom_int1": "", "subscription_type": "1", "billing_date": "2026-06-01", "recurring_amount": "199.00",
              "frequency": "3", "cycles": "0"}
    assert checkout_signature(fields, PASSPHRASE) == "b13317ccc0e01e62bf123673a5c0e2ae"


def test_payfast_checkout_order_does_not_depend_on_the_order_given():
    shuffled = dict(reversed(list(CHECKOUT.items())))
    assert checkout_signature(shuffled, PASSPHRASE) == "e7cf1f668d89fdd2282938182a5f5061"


def test_payfast_itn_signature_keeps_blank_values_in_the_order_received():
    pairs = itn_pairs(ITN_BODY)
    assert itn_signature(pairs, PASSPHRASE) == "b7ba25710181048be8e34bc78c01ae31"
    assert itn_signature(pairs) == "80f3ac0d4aad7fef09e5d510edda8806"


def test_payfast_itn_signature_changes_when_blanks_are_dropped():
    pairs = [(k, v) for k, v in itn_pairs(ITN_BODY) if v]
    assert itn_signature(pairs, PASSPHRASE) != "b7ba25710181048be8e34bc78c01ae31"
