"""Payments tests: a stub gateway server, gateway keys that point at it, a course for sale, pending orders."""

from decimal import Decimal

import pytest

from courses.pricing import PricingType

from tests.support import gateway_stub as stub_server
from .deliveries import MERCHANT_ID, PASSPHRASE, PAYSTACK_SECRET


@pytest.fixture
def stub(settings):
    server, state = stub_server.start()
    settings.PAYSTACK_SECRET_KEY = PAYSTACK_SECRET
    settings.PAYSTACK_PUBLIC_KEY = "pk_test_0123456789"
    settings.PAYSTACK_API_URL = state.base_url
    settings.PAYFAST_MERCHANT_ID = MERCHANT_ID
    settings.PAYFAST_MERCHANT_KEY = "46f0cd694581a"
    settings.PAYFAST_PASSPHRASE = PASSPHRASE
    settings.PAYFAST_PROCESS_URL = "https://sandbox.payfast.co.za/eng/process"
    settings.PAYFAST_VALIDATE_URL = f"{state.base_url}/eng/query/validate"
    settings.PAYFAST_API_URL = state.base_url
    settings.PAYFAST_ALLOWED_IPS = ["197.97.145.144/28", "41.74.179.192/27"]
    settings.OUTBOUND_TIMEOUT_SECONDS = 1
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def paid_course(instructor, category):
    from tests.support import make_course

    return make_course(instructor, title="Django & Wagtail: Basics", category=category,
                       pricing_type=PricingType.PAID, price=Decimal("499.00"))


@pytest.fixture
def order_for(student):
    """order_for(course, gateway) -> a pending Order as the initiate API makes it."""
    from payments.services import start_checkout

    def make(course, gateway="paystack", user=None):
        order, _ = start_checkout(user or student, gateway, course_id=course.pk)
        return order

    return make
