"""Signed gateway deliveries for the tests, built exactly as PayStack and PayFast build them (payments.md)."""

import json
from decimal import Decimal

from payments.gateways.payfast import encode, itn_signature
from payments.gateways.paystack import webhook_signature

PAYSTACK_SECRET = "sk_test_3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345"
MERCHANT_ID = "10000100"
PASSPHRASE = "jt7NOE43FZPn"
PAYFAST_IP = "197.97.145.150"


def paystack_delivery(event, data):
    """(body bytes, headers) of a PayStack webhook, signed as PayStack signs it."""
    body = json.dumps({"event": event, "data": data}, separators=(",", ":")).encode()
    return body, {"HTTP_X_PAYSTACK_SIGNATURE": webhook_signature(body, PAYSTACK_SECRET)}


def charge(order, *, amount=None, currency="ZAR", transaction_id=4099260516, fees=1797):
    return {"id": transaction_id, "status": "success", "reference": order.reference,
            "amount": amount if amount is not None else int(order.amount * 100), "currency": currency, "fees": fees,
            "metadata": {"order_reference": order.reference}}


def itn(order, *, amount=None, status="COMPLETE", pf_payment_id="2481632", merchant_id=MERCHANT_ID, extra=()):
    """(body, signed pairs without the signature) of a PayFast ITN, fields in PayFast's order, blanks kept."""
    gross = amount if amount is not None else f"{order.amount:.2f}"
    pairs = [("m_payment_id", order.reference), ("pf_payment_id", pf_payment_id), ("payment_status", status),
             ("item_name", order.description), ("item_description", ""), ("amount_gross", gross),
             ("amount_fee", "-17.48"), ("amount_net", f"{Decimal(gross) - Decimal('17.48'):.2f}"),
             ("custom_str1", ""), ("custom_int1", ""), ("name_first", "Thandi"), ("name_last", "Nkosi"),
             ("email_address", order.user.email), ("merchant_id", merchant_id), *extra]
    unsigned = "&".join(f"{k}={encode(v)}" for k, v in pairs)
    return f"{unsigned}&signature={itn_signature(pairs, PASSPHRASE)}", unsigned
