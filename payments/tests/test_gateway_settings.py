"""Admins switch gateways on and off and PayFast between sandbox and live in Settings > Payment gateways.

Keys stay in the environment: the screen says which are missing, never shows them. A switched-off
gateway starts no checkout, but webhooks for orders already started with it are still processed.
"""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from payments.gateways import payfast
from payments.models import GatewaySettings, Order

from .deliveries import PAYFAST_IP, charge, itn, paystack_delivery

pytestmark = pytest.mark.django_db
INITIATE = "/api/payments/initiate/"
FORM = "application/x-www-form-urlencoded"


def settings_url():
    return reverse("wagtailsettings:edit", args=["payments", "gatewaysettings", GatewaySettings.load().pk])


def switch(**values):
    switches = GatewaySettings.load()
    for name, value in values.items():
        setattr(switches, name, value)
    switches.save()


def test_an_admin_switches_payfast_off_and_the_change_is_logged_with_who(client, admin_user):
    client.force_login(admin_user)
    page = client.get(settings_url())
    assert page.status_code == 200 and b"Offered at checkout" in page.content
    response = client.post(settings_url(), {"paystack_enabled": "on", "test_enabled": "on"})
    assert response.status_code == 302
    switches = GatewaySettings.load()
    assert (switches.paystack_enabled, switches.payfast_enabled, switches.payfast_sandbox) == (True, False, False)
    entry = ModelLogEntry.objects.get(action="wagtail.edit", content_type__model="gatewaysettings")
    assert entry.user == admin_user and entry.timestamp is not None


@pytest.mark.parametrize("person", ["instructor", "moderator", "student"])
def test_only_admins_change_the_gateway_switches(client, request, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(settings_url()).status_code in (302, 403)
    client.post(settings_url(), {"test_enabled": "on"})
    assert GatewaySettings.load().paystack_enabled is True


def test_the_screen_names_missing_keys_but_never_shows_a_key(client, admin_user, settings):
    settings.PAYSTACK_SECRET_KEY, settings.PAYSTACK_PUBLIC_KEY = "sk_test_visible_nowhere", ""
    settings.PAYFAST_MERCHANT_ID = settings.PAYFAST_MERCHANT_KEY = ""
    client.force_login(admin_user)
    text = client.get(settings_url()).content.decode()
    assert "keys missing (PAYSTACK_PUBLIC_KEY)" in text
    assert "keys missing (PAYFAST_MERCHANT_ID, PAYFAST_MERCHANT_KEY)" in text
    assert "sk_test_visible_nowhere" not in text
    assert "not offered to buyers" in text


def test_initiate_with_a_switched_off_gateway_is_refused_with_a_clear_400(stub, client_for, student, paid_course):
    switch(payfast_enabled=False)
    response = client_for(student).post(INITIATE, {"course_id": paid_course.pk, "gateway": "payfast"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "gateway_disabled"
    assert "PayFast is switched off" in response.json()["detail"]
    assert not Order.objects.exists()
    # The others still work.
    response = client_for(student).post(INITIATE, {"course_id": paid_course.pk, "gateway": "paystack"}, format="json")
    assert response.status_code == 201


def test_the_checkout_page_no_longer_offers_a_switched_off_gateway(stub, client, student, paid_course):
    client.force_login(student)
    url = reverse("payments:checkout-course", args=[paid_course.pk])
    assert b'value="payfast"' in client.get(url).content
    switch(payfast_enabled=False)
    page = client.get(url)
    assert b'value="payfast"' not in page.content and b'value="paystack"' in page.content
    # A form posted from a page opened before the switch is refused, and no order is made.
    refused = client.post(url, {"gateway": "payfast"})
    assert refused.status_code == 400 and b"switched off" in refused.content
    assert not Order.objects.exists()


def test_a_switched_on_gateway_without_keys_stays_unavailable(client_for, student, paid_course, settings):
    settings.PAYSTACK_SECRET_KEY = settings.PAYSTACK_PUBLIC_KEY = ""
    switch(paystack_enabled=True)
    response = client_for(student).post(INITIATE, {"course_id": paid_course.pk, "gateway": "paystack"}, format="json")
    assert response.status_code == 503 and response.json()["code"] == "gateway_unavailable"


def test_a_paystack_payment_for_an_order_started_before_the_switch_is_still_recorded(stub, client, paid_course,
                                                                                     order_for):
    order = order_for(paid_course, "paystack")
    switch(paystack_enabled=False)
    stub.verify[order.reference] = charge(order)
    body, headers = paystack_delivery("charge.success", charge(order))
    response = client.post("/api/payments/webhook/paystack/", body, content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["outcomes"] == ["processed"]
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_a_payfast_itn_for_an_order_started_before_the_switch_is_still_recorded(stub, client, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    switch(payfast_enabled=False)
    body, stub.validate_expect = itn(order)
    response = client.post("/api/payments/webhook/payfast/", body, content_type=FORM, REMOTE_ADDR=PAYFAST_IP)
    assert response.status_code == 200, response.json()
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_the_sandbox_switch_picks_payfasts_sandbox_or_live_addresses(settings):
    settings.PAYFAST_PROCESS_URL = settings.PAYFAST_VALIDATE_URL = ""
    settings.PAYFAST_ALLOWED_IPS = None
    switch(payfast_sandbox=True)
    assert payfast.addresses() == {
        "mode": "sandbox", "process": "https://sandbox.payfast.co.za/eng/process",
        "validate": "https://sandbox.payfast.co.za/eng/query/validate", "allowed_ips": [], "overridden": []}
    switch(payfast_sandbox=False)
    live = payfast.addresses()
    assert (live["process"], live["validate"]) == ("https://www.payfast.co.za/eng/process",
                                                   "https://www.payfast.co.za/eng/query/validate")
    assert "197.97.145.144/28" in live["allowed_ips"]


def test_addresses_set_in_the_environment_win_over_the_switch(settings):
    settings.PAYFAST_PROCESS_URL = "https://proxy.example.net/eng/process"
    settings.PAYFAST_VALIDATE_URL = ""
    settings.PAYFAST_ALLOWED_IPS = []
    switch(payfast_sandbox=True)
    addresses = payfast.addresses()
    assert addresses["process"] == "https://proxy.example.net/eng/process"
    assert addresses["validate"] == "https://sandbox.payfast.co.za/eng/query/validate"
    assert addresses["overridden"] == ["PAYFAST_PROCESS_URL", "PAYFAST_ALLOWED_IPS"]


def test_a_payfast_checkout_in_sandbox_posts_to_the_sandbox(stub, client_for, student, paid_course, settings):
    settings.PAYFAST_PROCESS_URL = ""
    switch(payfast_sandbox=True)
    body = client_for(student).post(INITIATE, {"course_id": paid_course.pk, "gateway": "payfast"}, format="json").json()
    assert body["form"]["action"] == "https://sandbox.payfast.co.za/eng/process"
    switch(payfast_sandbox=False)
    body = client_for(student).post(INITIATE, {"course_id": paid_course.pk, "gateway": "payfast"}, format="json").json()
    assert body["form"]["action"] == "https://www.payfast.co.za/eng/process"


def test_payfast_sandbox_in_the_environment_only_gives_the_switch_its_first_value(settings):
    settings.PAYFAST_SANDBOX = True
    assert GatewaySettings.load().payfast_sandbox is True  # the row is made now, from the environment
    switch(payfast_sandbox=False)
    assert GatewaySettings.load().payfast_sandbox is False  # after that the admin's switch decides
