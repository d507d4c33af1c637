"""Starting a checkout: the initiate API, the checkout page, the return from a gateway, and who may do what."""

import json
from decimal import Decimal

import pytest
from django.test import override_settings

from courses.pricing import PricingType
from enrolment.models import Enrolment
from enrolment.services import enrol
from payments.gateways.payfast import checkout_signature
from payments.models import Order, Payment
from tests.support import make_course

from .deliveries import PASSPHRASE
from .third_gateway import PATH as THIRD
from .third_gateway import sign as third_sign

pytestmark = pytest.mark.django_db
INITIATE = "/api/payments/initiate/"
HISTORY = "/api/payments/history/"


def test_initiate_with_paystack_answers_its_payment_page_and_sends_cents(stub, client_for, student, paid_course):
    response = client_for(student).post(INITIATE, {"course_id": paid_course.pk, "gateway": "paystack"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["amount"] == "499.00" and body["vat"] == "65.09" and body["currency"] == "ZAR"
    assert body["status"] == "pending" and body["gateway"] == "paystack"
    assert body["redirect_url"] == f"{stub.base_url}/pay/{body['reference']}"
    sent = stub.initialized[body["reference"]]
    assert sent["amount"] == 49900 and sent["currency"] == "ZAR" and sent["email"] == student.email
    assert sent["callback_url"].endswith(f"/payments/return/{body['reference']}/")
    assert sent["metadata"]["course_id"] == paid_course.pk


def test_initiate_with_payfast_answers_a_signed_form_in_signing_order(stub, client_for, student, paid_course):
    response = client_for(student).post(INITIATE, {"course_id": paid_course.pk, "gateway": "payfast"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["redirect_url"] is None
    form = body["form"]
    assert form["action"] == "https://sandbox.payfast.co.za/eng/process"
    names = [name for name, _ in form["fields"]]
    assert names[:5] == ["merchant_id", "merchant_key", "return_url", "cancel_url", "notify_url"]
    assert names[-1] == "signature" and "passphrase" not in names
    fields = dict(form["fields"])
    assert fields["amount"] == "499.00" and fields["m_payment_id"] == body["reference"]
    assert fields["notify_url"].endswith("/api/payments/webhook/payfast/")
    assert fields["signature"] == checkout_signature(form["fields"][:-1], PASSPHRASE)


def test_a_course_the_buyer_already_has_is_refused(stub, client_for, student, paid_course):
    enrol(student, paid_course, source=Enrolment.Source.PURCHASE)
    response = client_for(student).post(INITIATE, {"course_id": paid_course.pk, "gateway": "paystack"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "already_owned"


@pytest.mark.parametrize("body, status, code", [
    ({"gateway": "paystack"}, 400, None),
    ({"course_id": "abc", "gateway": "paystack"}, 400, None),
    ({"course_id": 999999, "gateway": "paystack"}, 404, "not_found"),
    ({"course_id": "COURSE", "gateway": "bitcoin"}, 400, "unknown_gateway"),
])
def test_bad_initiate_bodies_are_clear_4xx(stub, client_for, student, paid_course, body, status, code):
    body = {k: (paid_course.pk if v == "COURSE" else v) for k, v in body.items()}
    response = client_for(student).post(INITIATE, body, format="json")
    assert response.status_code == status
    if code:
        assert response.json()["code"] == code


def test_a_free_course_is_not_sold(stub, client_for, student, course):
    response = client_for(student).post(INITIATE, {"course_id": course.pk, "gateway": "paystack"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "not_for_sale"


def test_a_draft_course_is_404(stub, client_for, student, instructor):
    draft = make_course(instructor, title="Draft", live=False, pricing_type=PricingType.PAID, price=Decimal("99.00"))
    response = client_for(student).post(INITIATE, {"course_id": draft.pk, "gateway": "paystack"}, format="json")
    assert response.status_code == 404


def test_an_unconfigured_gateway_is_503(client_for, student, paid_course, settings):
    settings.PAYSTACK_SECRET_KEY = ""
    response = client_for(student).post(INITIATE, {"course_id": paid_course.pk, "gateway": "paystack"}, format="json")
    assert response.status_code == 503 and response.json()["code"] == "gateway_unavailable"
    assert not Order.objects.exists()


def test_a_gateway_that_refuses_is_502_and_the_order_is_marked_failed(stub, client_for, student, paid_course):
    stub.mode = "refuse"
    response = client_for(student).post(INITIATE, {"course_id": paid_course.pk, "gateway": "paystack"}, format="json")
    assert response.status_code == 502 and response.json()["code"] == "gateway_refused"
    assert Order.objects.get().status == Order.Status.FAILED


def test_a_stranger_cannot_initiate(client_for, paid_course):
    response = client_for(None).post(INITIATE, {"course_id": paid_course.pk, "gateway": "test"}, format="json")
    assert response.status_code == 401


# --- history ---------------------------------------------------------------------------------

def test_history_lists_only_your_own_orders_newest_first(client_for, student, other_student, paid_course, order_for):
    first = order_for(paid_course, "test")
    second = order_for(paid_course, "test")
    order_for(paid_course, "test", user=other_student)
    body = client_for(student).get(HISTORY).json()
    assert [row["reference"] for row in body["results"]] == [second.reference, first.reference]
    assert body["results"][0]["course_id"] == paid_course.pk and body["results"][0]["amount"] == "499.00"
    assert client_for(other_student).get(HISTORY).json()["count"] == 1


def test_history_refuses_a_stranger(client_for):
    assert client_for(None).get(HISTORY).status_code == 401


# --- pages -----------------------------------------------------------------------------------

def test_the_checkout_page_shows_the_vat_inclusive_price_and_its_vat(stub, client, student, paid_course):
    client.force_login(student)
    html = client.get(f"/payments/checkout/course/{paid_course.pk}/").content.decode()
    assert "R433.91" in html and "R65.09" in html and "R499.00" in html and "VAT (15%)" in html
    assert 'value="paystack"' in html and 'value="payfast"' in html and 'value="test"' in html


def test_the_checkout_page_shows_an_unconfigured_gateway_as_unavailable(client, student, paid_course, settings):
    settings.PAYSTACK_SECRET_KEY = ""
    client.force_login(student)
    html = client.get(f"/payments/checkout/course/{paid_course.pk}/").content.decode()
    assert 'value="paystack" disabled' in html and "Not available at the moment" in html


def test_a_stranger_is_sent_to_log_in_before_checkout(client, paid_course):
    response = client.get(f"/payments/checkout/course/{paid_course.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_course_page_offers_to_buy_a_paid_course(client, student, paid_course):
    client.force_login(student)
    html = client.get(paid_course.url).content.decode()
    assert f'href="/payments/checkout/course/{paid_course.pk}/"' in html and "Buy for R499" in html


def test_buying_with_the_test_payment_gateway_enrols_after_pay_and_not_before(client, student, paid_course):
    client.force_login(student)
    response = client.post(f"/payments/checkout/course/{paid_course.pk}/", {"gateway": "test"})
    order = Order.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/payments/test-gateway/{order.reference}/")
    page = client.get(response.url).content.decode()
    assert "no money moves" in page
    assert not Enrolment.objects.filter(user=student).exists()
    paid = client.post(response.url, {"action": "pay"}, follow=True)
    assert paid.redirect_chain[-1][0] == paid_course.url
    assert Enrolment.objects.filter(user=student, course=paid_course, source="purchase").exists()
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_the_payfast_checkout_page_posts_to_payfast_and_its_csp_allows_that(stub, client, student, paid_course):
    client.force_login(student)
    response = client.post(f"/payments/checkout/course/{paid_course.pk}/", {"gateway": "payfast"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'action="https://sandbox.payfast.co.za/eng/process"' in html and 'name="signature"' in html
    assert "https://sandbox.payfast.co.za" in response["Content-Security-Policy"].split("form-action")[1].split(";")[0]


def test_returning_from_paystack_without_a_webhook_asks_paystack_and_stays_unpaid_when_not_paid(
        stub, client, student, paid_course, order_for):
    order = order_for(paid_course)
    stub.verify[order.reference] = {"id": 1, "status": "abandoned", "reference": order.reference, "amount": 49900,
                                    "currency": "ZAR"}
    client.force_login(student)
    response = client.get(f"/payments/return/{order.reference}/")
    assert response.status_code == 200 and b"Waiting for the payment" in response.content
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING


def test_returning_from_paystack_when_verify_says_paid_enrols(stub, client, student, paid_course, order_for):
    order = order_for(paid_course)
    stub.verify[order.reference] = {"id": 77, "status": "success", "reference": order.reference, "amount": 49900,
                                    "currency": "ZAR", "fees": 1797}
    client.force_login(student)
    response = client.get(f"/payments/return/{order.reference}/")
    assert response.status_code == 302 and response.url == paid_course.url
    assert Payment.objects.get(order=order).fee == Decimal("17.97")


def test_returning_from_payfast_never_pays_without_the_itn(stub, client, student, paid_course, order_for):
    order = order_for(paid_course, "payfast")
    client.force_login(student)
    assert b"Waiting for the payment" in client.get(f"/payments/return/{order.reference}/").content
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING


def test_another_student_cannot_open_my_order_pages(client, other_student, paid_course, order_for):
    order = order_for(paid_course, "test")
    client.force_login(other_student)
    for path in (f"/payments/return/{order.reference}/", f"/payments/cancel/{order.reference}/",
                 f"/payments/test-gateway/{order.reference}/"):
        assert client.get(path).status_code == 404
    assert client.post(f"/payments/test-gateway/{order.reference}/", {"action": "pay"}).status_code == 404
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING


def test_cancelling_marks_my_pending_order_cancelled(client, student, paid_course, order_for):
    order = order_for(paid_course, "test")
    client.force_login(student)
    client.post(f"/payments/cancel/{order.reference}/")
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED


# --- a third gateway ---------------------------------------------------------------------------

@override_settings(PAYMENT_GATEWAYS=["payments.gateways.paystack.PayStackGateway", THIRD])
def test_a_third_gateway_sells_a_course_through_the_same_api_webhook_url_and_checks(client_for, client, student,
                                                                                    paid_course):
    response = client_for(student).post(INITIATE, {"course_id": paid_course.pk, "gateway": "third"}, format="json")
    assert response.status_code == 201
    reference = response.json()["reference"]
    assert response.json()["redirect_url"].startswith(f"https://pay.third.example/checkout/{reference}")

    def deliver(amount):
        body = json.dumps({"type": "paid", "id": 7, "order": reference, "amount": amount, "currency": "ZAR"}).encode()
        return client.post("/api/payments/webhook/third/", body, content_type="application/json",
                           HTTP_X_THIRD_SIGNATURE=third_sign(body))

    assert deliver("400.00").json()["code"] == "amount_mismatch"
    assert deliver("499.00").status_code == 200
    assert Enrolment.objects.filter(user=student, course=paid_course).exists()
