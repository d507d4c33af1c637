"""Subscriptions: monthly and annual plans open the courses included in subscriptions while active;
cancelling (on the site or at the gateway), failed renewals and lapses close that access, progress kept."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.pricing import PricingType
from enrolment.models import Enrolment
from enrolment.services import enrol
from payments import subscriptions
from payments.gateways import get as gateway
from payments.gateways.base import EventKind, GatewayEvent
from payments.models import Invoice, Order, Subscription, SubscriptionPlan
from payments.services import record_event, start_checkout
from payments.tasks import lapse_expired_subscriptions
from tests.support import make_course

from .deliveries import PAYFAST_IP, itn, paystack_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def monthly(db):
    return SubscriptionPlan.objects.create(name="All-access monthly", interval="monthly", price=Decimal("199.00"),
                                           paystack_plan_code="PLN_monthly")


@pytest.fixture
def annual(db):
    return SubscriptionPlan.objects.create(name="All-access annual", interval="annual", price=Decimal("1990.00"))


@pytest.fixture
def included(instructor, category):
    return make_course(instructor, title="Stokvels explained", category=category,
                       pricing_type=PricingType.SUBSCRIPTION, price=Decimal("0.00"))


def subscribe(user, plan, gateway_slug="test", code="TOKEN-1", stub=None):
    order, _ = start_checkout(user, gateway_slug, plan_id=plan.pk)
    if stub is not None:  # PayStack confirms a charge with its verify API first
        stub.verify[order.reference] = {"id": 1, "status": "success", "reference": order.reference,
                                        "amount": int(order.amount * 100), "currency": "ZAR"}
    record_event(gateway(gateway_slug), GatewayEvent(
        kind=EventKind.PAID, key=f"t:{order.reference}", name="paid", reference=order.reference,
        transaction_id=f"T-{order.reference}", amount=order.amount, currency="ZAR", subscription_code=code))
    return Subscription.objects.get(order=order)


def test_paying_for_a_monthly_plan_starts_a_subscription_for_a_month_with_an_invoice(student, monthly):
    subscription = subscribe(student, monthly)
    assert subscription.status == Subscription.Status.ACTIVE
    days = (subscription.current_period_end - subscription.started_at).days
    assert 28 <= days <= 31
    assert Invoice.objects.get(order=subscription.order).total == Decimal("199.00")


def test_an_annual_plan_runs_a_year(student, annual):
    subscription = subscribe(student, annual)
    assert 365 <= (subscription.current_period_end - subscription.started_at).days <= 366


def test_a_subscriber_opens_an_included_course_and_a_non_subscriber_cannot(student, other_student, monthly, included,
                                                                           paid_course):
    subscribe(student, monthly)
    enrolment, _ = subscriptions.join_course(student, included)
    assert enrolment.source == Enrolment.Source.SUBSCRIPTION
    with pytest.raises(Exception) as refused:
        subscriptions.join_course(other_student, included)
    assert refused.value.code == "not_subscribed"
    with pytest.raises(Exception) as not_included:
        subscriptions.join_course(student, paid_course)
    assert not_included.value.code == "not_included"


def test_the_course_page_offers_subscribers_to_start_and_others_the_plans(client, student, other_student, monthly,
                                                                          included):
    subscribe(student, monthly)
    client.force_login(other_student)
    assert "See subscription plans" in client.get(included.url).content.decode()
    client.force_login(student)
    assert "Start with your subscription" in client.get(included.url).content.decode()
    response = client.post(f"/subscriptions/join/{included.pk}/")
    assert response.status_code == 302
    assert Enrolment.objects.filter(user=student, course=included, status="active").exists()


def test_a_lapsed_subscription_closes_access_but_keeps_bought_courses_and_progress(student, monthly, included,
                                                                                   paid_course):
    subscription = subscribe(student, monthly)
    subscriptions.join_course(student, included)
    enrol(student, paid_course, source=Enrolment.Source.PURCHASE)
    Subscription.objects.filter(pk=subscription.pk).update(current_period_end=timezone.now() - timedelta(days=5))
    assert lapse_expired_subscriptions() == 1
    assert Enrolment.objects.get(user=student, course=included).status == Enrolment.Status.CANCELLED
    assert Enrolment.objects.get(user=student, course=paid_course).status == Enrolment.Status.ACTIVE
    # Subscribing again reopens the same enrolment (its progress with it).
    subscribe(student, monthly, code="TOKEN-2")
    enrolment, _ = subscriptions.join_course(student, included)
    assert enrolment.status == Enrolment.Status.ACTIVE and Enrolment.objects.filter(user=student, course=included).count() == 1


def test_cancelling_on_the_site_cancels_at_the_gateway_and_keeps_access_until_the_period_ends(
        client, stub, student, monthly, included):
    subscription = subscribe(student, monthly, gateway_slug="paystack", code="SUB_abc", stub=stub)
    Subscription.objects.filter(pk=subscription.pk).update(gateway_token="tok_1")
    subscriptions.join_course(student, included)
    client.force_login(student)
    client.post(f"/subscriptions/{subscription.pk}/cancel/")
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELLED
    assert ("POST", "/subscription/disable") in [(m, p) for m, p, *_ in stub.requests]
    assert Enrolment.objects.get(user=student, course=included).status == Enrolment.Status.ACTIVE
    Subscription.objects.filter(pk=subscription.pk).update(current_period_end=timezone.now() - timedelta(days=4))
    lapse_expired_subscriptions()
    assert Enrolment.objects.get(user=student, course=included).status == Enrolment.Status.CANCELLED


def test_another_student_cannot_cancel_my_subscription(client, student, other_student, monthly):
    subscription = subscribe(student, monthly)
    client.force_login(other_student)
    assert client.post(f"/subscriptions/{subscription.pk}/cancel/").status_code == 404
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


def test_paystack_tells_us_of_the_subscription_code_then_of_its_cancellation(stub, client, student, monthly):
    subscription = subscribe(student, monthly, gateway_slug="paystack", code="", stub=stub)
    created = {"id": 71, "subscription_code": "SUB_xyz", "email_token": "tok_9", "status": "active",
               "customer": {"email": student.email}, "plan": {"plan_code": "PLN_monthly"}}
    body, headers = paystack_delivery("subscription.create", created)
    assert client.post("/api/payments/webhook/paystack/", body, content_type="application/json", **headers).status_code == 200
    subscription.refresh_from_db()
    assert (subscription.gateway_code, subscription.gateway_token) == ("SUB_xyz", "tok_9")
    body, headers = paystack_delivery("subscription.disable", {**created, "id": 72, "status": "complete"})
    client.post("/api/payments/webhook/paystack/", body, content_type="application/json", **headers)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELLED


def test_a_failed_renewal_at_paystack_closes_access(stub, client, student, monthly, included):
    subscribe(student, monthly, gateway_slug="paystack", code="SUB_fail", stub=stub)
    subscriptions.join_course(student, included)
    failed = {"id": 90, "subscription": {"subscription_code": "SUB_fail"}, "status": "failed"}
    body, headers = paystack_delivery("invoice.payment_failed", failed)
    assert client.post("/api/payments/webhook/paystack/", body, content_type="application/json", **headers).status_code == 200
    assert Subscription.objects.get().status == Subscription.Status.LAPSED
    assert Enrolment.objects.get(user=student, course=included).status == Enrolment.Status.CANCELLED


def test_a_cancellation_for_an_unknown_subscription_changes_nothing(stub, client, student, monthly):
    subscribe(student, monthly, gateway_slug="paystack", code="SUB_real", stub=stub)
    body, headers = paystack_delivery("subscription.disable", {"id": 5, "subscription_code": "SUB_forged"})
    response = client.post("/api/payments/webhook/paystack/", body, content_type="application/json", **headers)
    assert response.status_code == 400 and response.json()["code"] == "unknown_subscription"
    assert Subscription.objects.get().status == Subscription.Status.ACTIVE


def test_a_payfast_subscription_renews_with_each_itn_of_its_token_and_cancels_by_itn(stub, client, student, monthly):
    order, checkout = start_checkout(student, "payfast", plan_id=monthly.pk)
    fields = dict(checkout.form_fields)
    assert (fields["subscription_type"], fields["frequency"], fields["recurring_amount"]) == ("1", "3", "199.00")
    body, unsigned = itn(order, extra=[("token", "pf-token-1")])
    stub.validate_expect = unsigned
    assert client.post("/api/payments/webhook/payfast/", body, content_type="application/x-www-form-urlencoded",
                       REMOTE_ADDR=PAYFAST_IP).status_code == 200
    subscription = Subscription.objects.get()
    first_end = subscription.current_period_end
    assert subscription.gateway_code == "pf-token-1"
    body, unsigned = itn(order, pf_payment_id="2481700", extra=[("token", "pf-token-1")])
    stub.validate_expect = unsigned
    assert client.post("/api/payments/webhook/payfast/", body, content_type="application/x-www-form-urlencoded",
                       REMOTE_ADDR=PAYFAST_IP).status_code == 200
    subscription.refresh_from_db()
    assert subscription.current_period_end > first_end
    renewal = Order.objects.get(reference=f"{order.reference}-R1")
    assert renewal.status == Order.Status.PAID and renewal.invoices.count() == 1
    body, unsigned = itn(order, pf_payment_id="2481701", status="CANCELLED", extra=[("token", "pf-token-1")])
    stub.validate_expect = unsigned
    client.post("/api/payments/webhook/payfast/", body, content_type="application/x-www-form-urlencoded",
                REMOTE_ADDR=PAYFAST_IP)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELLED


def test_initiate_a_plan_through_the_api(stub, client_for, student, monthly):
    response = client_for(student).post("/api/payments/initiate/", {"plan_id": monthly.pk, "gateway": "paystack"},
                                        format="json")
    assert response.status_code == 201 and response.json()["amount"] == "199.00" and response.json()["vat"] == "25.96"
    assert stub.initialized[response.json()["reference"]]["plan"] == "PLN_monthly"
    both = client_for(student).post("/api/payments/initiate/", {"plan_id": monthly.pk, "course_id": 1,
                                                                "gateway": "paystack"}, format="json")
    assert both.status_code == 400


def test_a_second_subscription_is_refused_while_one_is_active(client_for, student, monthly, annual):
    subscribe(student, monthly)
    response = client_for(student).post("/api/payments/initiate/", {"plan_id": annual.pk, "gateway": "test"},
                                        format="json")
    assert response.status_code == 400 and response.json()["code"] == "already_subscribed"


def test_a_plan_without_a_paystack_code_is_not_sold_through_paystack(stub, client_for, student, annual):
    response = client_for(student).post("/api/payments/initiate/", {"plan_id": annual.pk, "gateway": "paystack"},
                                        format="json")
    assert response.status_code == 400 and response.json()["code"] == "plan_not_configured"


def test_the_plans_page_lists_plans_and_included_courses(client, student, monthly, annual, included):
    client.force_login(student)
    html = client.get("/subscriptions/").content.decode()
    assert "All-access monthly" in html and "R1,990.00" in html and "Stokvels explained" in html


def test_a_paystack_recurring_charge_renews_the_subscription_once(stub, client, student, monthly):
    subscription = subscribe(student, monthly, gateway_slug="paystack", code="SUB_r", stub=stub)
    first_end = subscription.current_period_end
    renewal = {"id": 990001, "status": "success", "reference": "T685312322670591", "amount": 19900, "currency": "ZAR",
               "fees": 300, "plan": {"plan_code": "PLN_monthly"}, "customer": {"email": student.email}}
    stub.verify["T685312322670591"] = renewal
    body, headers = paystack_delivery("charge.success", renewal)
    assert client.post("/api/payments/webhook/paystack/", body, content_type="application/json",
                       **headers).json()["outcomes"] == ["processed"]
    assert client.post("/api/payments/webhook/paystack/", body, content_type="application/json",
                       **headers).json()["outcomes"] == ["duplicate"]
    subscription.refresh_from_db()
    assert subscription.current_period_end > first_end
    renewed = Order.objects.get(reference=f"{subscription.order.reference}-R1")
    assert renewed.payments.get().transaction_id == "990001" and renewed.invoices.count() == 1


def test_a_recurring_charge_paystack_does_not_confirm_renews_nothing(stub, client, student, monthly):
    subscription = subscribe(student, monthly, gateway_slug="paystack", code="SUB_r", stub=stub)
    renewal = {"id": 990002, "status": "success", "reference": "T999", "amount": 19900, "currency": "ZAR",
               "plan": {"plan_code": "PLN_monthly"}, "customer": {"email": student.email}}
    stub.verify["T999"] = {**renewal, "status": "failed"}
    body, headers = paystack_delivery("charge.success", renewal)
    assert client.post("/api/payments/webhook/paystack/", body, content_type="application/json",
                       **headers).status_code == 400
    assert not Order.objects.filter(reference__endswith="-R1").exists()
    assert Subscription.objects.get(pk=subscription.pk).current_period_end == subscription.current_period_end
