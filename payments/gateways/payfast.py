"""PayFast: the hosted payment form and its ITN, signed exactly as PayFast documents (`../shared/payments.md` section 2).

Checkout: the fields in PayFast's order, blanks dropped, values trimmed, `key=urlencode(value)`
joined with `&` (PHP's urlencode: space as `+`, uppercase hex), the passphrase appended, MD5.
ITN (notify_url): the pairs in the order received up to `signature`, blanks kept. A delivery
counts only after all four of PayFast's checks: the signature, the source address (allow-list,
read through the trusted client address), our merchant id, and PayFast's own server answering
"VALID" to the pairs posted back. The amount against the order is the services' check, as for
every gateway.
"""

import hashlib
import hmac
import ipaddress
from urllib.parse import parse_qsl, quote, quote_plus

from django.conf import settings
from django.utils import timezone

from lms_site.client_address import client_ip
from lms_site.outbound import OutboundError, call

from ..money import CURRENCY, MoneyError, rand, to_cents
from .base import Checkout, EventKind, Gateway, GatewayError, GatewayEvent, WebhookRefused, origin

CHECKOUT_FIELDS = (
    "merchant_id", "merchant_key", "return_url", "cancel_url", "notify_url",
    "name_first", "name_last", "email_address", "cell_number",
    "m_payment_id", "amount", "item_name", "item_description",
    "custom_int1", "custom_int2", "custom_int3", "custom_int4", "custom_int5",
    "custom_str1", "custom_str2", "custom_str3", "custom_str4", "custom_str5",
    "email_confirmation", "confirmation_address", "payment_method",
    "subscription_type", "billing_date", "recurring_amount", "frequency", "cycles",
    "subscription_notify_email", "subscription_notify_webhook", "subscription_notify_buyer",
)
# PayFast's hosts (payments.md section 2); the admins' sandbox switch picks one set, and
# PAYFAST_PROCESS_URL / PAYFAST_VALIDATE_URL / PAYFAST_ALLOWED_IPS in the environment override it.
LIVE = {"process": "https://www.payfast.co.za/eng/process", "validate": "https://www.payfast.co.za/eng/query/validate"}
SANDBOX = {"process": "https://sandbox.payfast.co.za/eng/process",
           "validate": "https://sandbox.payfast.co.za/eng/query/validate"}
API_URL = "https://api.payfast.co.za"
PUBLISHED_IPS = ["197.97.145.144/28", "41.74.179.192/27", "102.216.36.0/28", "102.216.36.128/28", "144.126.193.139/32"]
# PayFast's frequency codes for our plan intervals.
FREQUENCY = {"monthly": "3", "annual": "6"}
ITEM_NAME_LENGTH = 100


def encode(value):
    """PHP urlencode: only A-Za-z0-9-_. kept, space as +, uppercase hex."""
    return quote_plus(str(value), safe="").replace("~", "%7E")


def signed_string(pairs, passphrase=""):
    text = "&".join(f"{key}={encode(value)}" for key, value in pairs)
    return text + (f"&passphrase={encode(passphrase)}" if passphrase else "")


def checkout_fields(fields):
    """The form's fields in PayFast's order, trimmed, blanks dropped (as PayFast's SDK signs them)."""
    unknown = set(fields) - set(CHECKOUT_FIELDS)
    if unknown:
        raise ValueError(f"Not PayFast checkout fields: {', '.join(sorted(unknown))}.")
    ordered = ((name, str(fields[name]).strip()) for name in CHECKOUT_FIELDS if name in fields)
    return [(name, value) for name, value in ordered if value]


def checkout_signature(fields, passphrase=""):
    """MD5 signature of a checkout form (`fields`: a dict or pairs)."""
    pairs = checkout_fields(dict(fields))
    return hashlib.md5(signed_string(pairs, passphrase).encode()).hexdigest()


def itn_pairs(body):
    """The ITN's pairs in the order received, blanks kept."""
    return parse_qsl(body, keep_blank_values=True, strict_parsing=False)


def until_signature(pairs):
    signed = []
    for key, value in pairs:
        if key == "signature":
            break
        signed.append((key, value))
    return signed


def itn_signature(pairs, passphrase=""):
    """MD5 signature of an ITN: the pairs up to `signature`, blanks kept, passphrase appended."""
    return hashlib.md5(signed_string(until_signature(pairs), passphrase).encode()).hexdigest()


def source_allowed(address, networks):
    if not networks:
        return True  # the allow-list is off (sandbox default, or emptied on purpose)
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)


def conf(name):
    return getattr(settings, name, "")


def in_sandbox():
    """The admins' switch (Settings > Payment gateways)."""
    from . import switches

    return switches().payfast_sandbox


def addresses(sandbox=None):
    """Where checkouts post and ITNs are validated, and where ITNs may come from, for sandbox or live."""
    sandbox = in_sandbox() if sandbox is None else sandbox
    hosts = SANDBOX if sandbox else LIVE
    allowed = getattr(settings, "PAYFAST_ALLOWED_IPS", None)
    overridden = [name for name in ("PAYFAST_PROCESS_URL", "PAYFAST_VALIDATE_URL") if conf(name)]
    if allowed is not None:
        overridden.append("PAYFAST_ALLOWED_IPS")
    return {
        "mode": "sandbox" if sandbox else "live",
        "process": conf("PAYFAST_PROCESS_URL") or hosts["process"],
        "validate": conf("PAYFAST_VALIDATE_URL") or hosts["validate"],
        # The published ranges in live mode; off in sandbox; the environment's list (empty: off) when set.
        "allowed_ips": list(allowed) if allowed is not None else ([] if sandbox else PUBLISHED_IPS),
        "overridden": overridden,
    }


def api_signature(params, passphrase=""):
    """The REST API's signature: every header, query and body parameter plus the passphrase, sorted by
    key, `key=urlencode(value)` joined with `&`, MD5 (payments.md section 2, "API")."""
    pairs = dict(params)
    if passphrase:
        pairs["passphrase"] = passphrase
    return hashlib.md5("&".join(f"{key}={encode(pairs[key])}" for key in sorted(pairs)).encode()).hexdigest()


class PayFastGateway(Gateway):
    slug = "payfast"
    label = "PayFast"
    note = "Card, Instant EFT, SnapScan or Zapper through PayFast"
    supports_subscriptions = True
    supports_refunds = True
    key_names = ("PAYFAST_MERCHANT_ID", "PAYFAST_MERCHANT_KEY")

    def checkout_origins(self):
        return [origin(addresses()["process"])]

    def start_checkout(self, order, urls):
        user = order.user
        fields = {
            "merchant_id": conf("PAYFAST_MERCHANT_ID"),
            "merchant_key": conf("PAYFAST_MERCHANT_KEY"),
            "return_url": urls["return_url"],
            "cancel_url": urls["cancel_url"],
            "notify_url": urls["notify_url"],
            "name_first": user.first_name,
            "name_last": user.last_name,
            "email_address": user.email,
            "m_payment_id": order.reference,
            "amount": f"{order.amount:.2f}",
            "item_name": order.description[:ITEM_NAME_LENGTH],
        }
        interval = order.plan_interval()
        if interval:
            fields.update({
                "subscription_type": "1", "billing_date": timezone.localdate().isoformat(),
                "recurring_amount": f"{order.amount:.2f}", "frequency": FREQUENCY[interval], "cycles": "0",
            })
        pairs = checkout_fields(fields)
        signature = checkout_signature(pairs, conf("PAYFAST_PASSPHRASE"))
        return Checkout(form_action=addresses()["process"], form_fields=tuple(pairs) + (("signature", signature),))

    def parse_webhook(self, request):
        if not self.is_configured():
            # 404, not 5xx: without keys there is no webhook here to speak of, a forger learns nothing more, and
            # the gateway retries any answer but 200 all the same (a 5xx would read as our failure).
            raise WebhookRefused("PayFast is not configured on this site.", "gateway_unavailable", status=404)
        try:
            pairs = itn_pairs(request.body.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise WebhookRefused("The body is not form data.", "unreadable") from error
        # Only what the signature covers is read, and each name once: a pair appended after the
        # signature (or a repeated name) would otherwise override a signed value.
        signed = until_signature(pairs)
        names = [name for name, _ in signed]
        if len(names) != len(set(names)):
            raise WebhookRefused("The ITN repeats a field.", "unreadable")
        fields = dict(signed)
        signature = dict(pairs).get("signature", "")
        # 1. The signature (compared as bytes: a non-ASCII forgery is a refusal, not a TypeError).
        expected = itn_signature(pairs, conf("PAYFAST_PASSPHRASE"))
        if not signature or not hmac.compare_digest(signature.lower().encode(), expected.encode()):
            raise WebhookRefused("The ITN signature does not match its fields.", "bad_signature")
        # 2. The source address.
        if not source_allowed(client_ip(request), addresses()["allowed_ips"]):
            raise WebhookRefused("The ITN did not come from PayFast's addresses.", "bad_source", status=403)
        # Ours, and readable.
        if fields.get("merchant_id") != conf("PAYFAST_MERCHANT_ID"):
            raise WebhookRefused("The ITN is for another merchant.", "wrong_merchant")
        try:
            amount = rand(fields.get("amount_gross", ""))
            fee = abs(rand(fields["amount_fee"])) if fields.get("amount_fee") else None
        except MoneyError as error:
            raise WebhookRefused("The ITN's amounts are not amounts.", "unreadable") from error
        # 4. PayFast's server confirms it sent exactly these fields.
        self.validate(until_signature(pairs))
        status = fields.get("payment_status", "")
        token = fields.get("token", "")
        if status == "COMPLETE":
            kind = EventKind.PAID
        elif status == "CANCELLED" and token:
            kind = EventKind.SUBSCRIPTION_CANCELLED
        elif status in ("FAILED", "CANCELLED"):
            kind = EventKind.FAILED
        else:
            kind = EventKind.IGNORED
        payment_id = fields.get("pf_payment_id", "")
        return [GatewayEvent(
            kind=kind, key=f"{payment_id}:{status}", name=status, reference=fields.get("m_payment_id", ""),
            transaction_id=payment_id, amount=amount, currency=CURRENCY, fee=fee, subscription_code=token,
            data=fields,
        )]

    def validate(self, pairs):
        """POST the received pairs (without the signature) back to PayFast; only "VALID" passes."""
        try:
            answer = call("POST", addresses()["validate"], data=signed_string(pairs),
                          headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/plain"})
        except OutboundError as error:
            raise WebhookRefused(f"PayFast's validation could not be reached: {error}", "validate_unavailable",
                                 status=503) from error
        if answer.status >= 500:
            raise WebhookRefused(f"PayFast's validation answered HTTP {answer.status}.", "validate_unavailable", status=503)
        if answer.text.strip() != "VALID":
            raise WebhookRefused("PayFast's validation did not answer VALID.", "validate_invalid")

    def refund(self, payment, amount, reason=""):
        """PayFast's refund API: `POST /refunds/{pf_payment_id}` with the amount in cents, signed (payments.md).

        PayFast has no refunds in sandbox, so a sandbox site refuses here instead of pretending.
        Raises GatewayError (502) when PayFast refuses or cannot be reached; nothing is recorded then.
        """
        if in_sandbox():
            raise GatewayError("PayFast has no refunds in sandbox (no real money moved there). To refund an order "
                               "paid live, switch PayFast to live first (Settings > Payment gateways).", "not_supported",
                               status=409)
        body = {"amount": str(to_cents(amount)), "reason": (reason or "Refund")[:100], "notify_buyer": "1"}
        headers = {"merchant-id": conf("PAYFAST_MERCHANT_ID"), "version": "v1",
                   "timestamp": timezone.localtime().replace(microsecond=0).isoformat()}
        headers["signature"] = api_signature({**headers, **body}, conf("PAYFAST_PASSPHRASE"))
        url = f"{(conf('PAYFAST_API_URL') or API_URL).rstrip('/')}/refunds/{quote(payment.transaction_id, safe='')}"
        try:
            answer = call("POST", url, data=body, headers=headers)
        except OutboundError as error:
            raise GatewayError(f"PayFast could not be reached: {error}", "gateway_unreachable") from error
        status = str(answer.body.get("status", "")).lower()
        if answer.status >= 400 or status not in ("success", "ok"):
            data = answer.body.get("data") if isinstance(answer.body.get("data"), dict) else {}
            message = data.get("message") or answer.body.get("message") or f"HTTP {answer.status}"
            raise GatewayError(f"PayFast refused the refund: {message}", "gateway_refused")
        data = answer.body.get("data") if isinstance(answer.body.get("data"), dict) else {}
        return {"id": str(data.get("id") or data.get("refund_id") or ""), **data}
