"""The "test payment" gateway: lets `make run` sell a demo course end to end with no keys and no money.

On in development and tests, off in production settings (production refuses to start with it).
Its checkout is a page on this site (`payments.views.test_gateway`) where the buyer presses
"Pay (test)" or "Cancel"; that page calls the same `record_event` service as a gateway webhook.
It has no webhook of its own.
"""

from django.urls import reverse

from lms_site.links import absolute_url

from .base import Checkout, Gateway, WebhookRefused


class TestPaymentGateway(Gateway):
    __test__ = False  # not a pytest test class
    slug = "test"
    label = "Test payment"
    note = "For trying the site: no money moves"
    supports_subscriptions = True
    supports_refunds = True

    def start_checkout(self, order, urls):
        return Checkout(redirect_url=absolute_url(reverse("payments:test-gateway", args=[order.reference])))

    def parse_webhook(self, request):
        raise WebhookRefused("The test payment gateway takes no webhooks.", "not_supported", status=404)

    def cancel_subscription(self, subscription):
        return None

    def refund(self, payment, amount, reason=""):
        return {"status": "processed"}
