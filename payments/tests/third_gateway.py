"""A gateway that exists only in the tests: proof that a third gateway needs nothing outside its module.

It is enabled by `settings.PAYMENT_GATEWAYS` alone; checkout, webhook and refunds go through the
same services, URLs and checks as PayStack and PayFast. Its webhook is JSON signed with
HMAC-SHA256 in `X-Third-Signature`.
"""

import hashlib
import hmac
import json

from payments.gateways.base import Checkout, EventKind, Gateway, GatewayEvent, WebhookRefused
from payments.money import rand

SECRET = "third-gateway-test-secret"
PATH = "payments.tests.third_gateway.ThirdGateway"


def sign(body):
    return hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


class ThirdGateway(Gateway):
    slug = "third"
    label = "Third Pay"
    supports_refunds = True

    def is_configured(self):
        return True

    def start_checkout(self, order, urls):
        return Checkout(redirect_url=f"https://pay.third.example/checkout/{order.reference}?back={urls['return_url']}")

    def parse_webhook(self, request):
        if not hmac.compare_digest(request.META.get("HTTP_X_THIRD_SIGNATURE", ""), sign(request.body)):
            raise WebhookRefused("Bad signature.", "bad_signature")
        message = json.loads(request.body)
        kind = {"paid": EventKind.PAID, "refunded": EventKind.REFUNDED}.get(message["type"], EventKind.IGNORED)
        return [GatewayEvent(kind=kind, key=f"{message['type']}:{message['id']}", name=message["type"],
                             reference=message["order"], transaction_id=str(message["id"]),
                             amount=rand(message["amount"]), currency=message["currency"], fee=rand("0.00"))]

    def refund(self, payment, amount, reason=""):
        return {"status": "ok"}
