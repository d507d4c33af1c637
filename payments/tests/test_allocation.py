"""Subscription revenue is shared among instructors by the lessons the subscriber completed in the period."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.pricing import PricingType
from enrolment.models import LessonProgress
from payments.allocation import allocate, allocate_ended_periods, allocation_report
from payments.gateways import get as gateway
from payments.gateways.base import EventKind, GatewayEvent
from payments.models import Earning, Order, SubscriptionPlan
from payments.services import record_event, start_checkout
from payments.subscriptions import join_course
from tests.support import lessons_of, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    return SubscriptionPlan.objects.create(name="Monthly", interval="monthly", price=Decimal("115.00"))


def subscribe(user, plan):
    order, _ = start_checkout(user, "test", plan_id=plan.pk)
    record_event(gateway("test"), GatewayEvent(kind=EventKind.PAID, key=f"t:{order.reference}", name="paid",
                                               reference=order.reference, transaction_id=f"T-{order.reference}",
                                               amount=order.amount, currency="ZAR", fee=Decimal("5.00")))
    order.refresh_from_db()
    return order


def complete(user, course, count):
    for lesson in lessons_of(course)[:count]:
        LessonProgress.objects.update_or_create(
            user=user, lesson=lesson, defaults={"status": LessonProgress.Status.COMPLETED, "completed_at": timezone.now(),
                                                "enrolment": user.enrolments.get(course=course)})


def end_period(order):
    Order.objects.filter(pk=order.pk).update(paid_at=timezone.now() - timedelta(days=31))
    order.refresh_from_db()


def test_a_period_is_shared_by_completed_lessons_at_each_instructors_share(student, instructor, other_instructor, plan):
    first = make_course(instructor, title="Stokvels", pricing_type=PricingType.SUBSCRIPTION)
    second = make_course(other_instructor, title="Spreadsheets", pricing_type=PricingType.SUBSCRIPTION,
                         revenue_share_override=Decimal("50.00"))
    order = subscribe(student, plan)
    join_course(student, first)
    join_course(student, second)
    complete(student, first, 3)
    complete(student, second, 1)
    Order.objects.filter(pk=order.pk).update(paid_at=timezone.now() - timedelta(hours=1))
    order.refresh_from_db()
    lines = {line.course.title: line for line in allocate(order)}
    # net = 115 - 15 VAT - 5 fee = 95; 3/4 to Stokvels at 70%, 1/4 to Spreadsheets at 50%.
    assert (lines["Stokvels"].net, lines["Stokvels"].instructor_amount) == (Decimal("71.25"), Decimal("49.88"))
    assert (lines["Spreadsheets"].net, lines["Spreadsheets"].instructor_amount) == (Decimal("23.75"), Decimal("11.88"))
    assert lines["Stokvels"].instructor == instructor and lines["Spreadsheets"].instructor == other_instructor
    assert allocate(order) == []  # once only
    report = allocation_report([order])[0]
    assert report["net"] == Decimal("95.00") and report["to_instructors"] == Decimal("61.76")


def test_a_period_with_nothing_completed_stays_with_the_platform(student, plan):
    order = subscribe(student, plan)
    end_period(order)
    assert allocate_ended_periods() == 0
    assert not Earning.objects.exists()
    assert allocation_report()[0]["to_platform"] == Decimal("95.00")


def test_only_ended_periods_are_allocated(student, instructor, plan):
    course = make_course(instructor, title="Stokvels", pricing_type=PricingType.SUBSCRIPTION)
    order = subscribe(student, plan)
    join_course(student, course)
    complete(student, course, 2)
    assert allocate_ended_periods() == 0
    Order.objects.filter(pk=order.pk).update(paid_at=timezone.now() - timedelta(days=31))
    LessonProgress.objects.update(completed_at=timezone.now() - timedelta(days=20))
    assert allocate_ended_periods() == 1


def test_the_split_report_is_for_admins(client, admin_user, instructor):
    client.force_login(instructor)
    assert client.get("/admin/payments/subscription-split/").status_code in (302, 403)
    client.force_login(admin_user)
    assert client.get("/admin/payments/subscription-split/").status_code == 200
