"""Subscription revenue shared among instructors (DESIGN.md, "Money").

Each paid subscription period (a plan order, or a renewal order) is allocated once it has ended:
its net (gross - VAT - fee) is split over the courses in which the subscriber completed lessons
of subscription courses during that period, in proportion to those lessons; each course's part
becomes a ledger line for its instructor at their share (course override -> instructor default
-> site default). A period in which nothing was completed is not consumed: it stays with the
platform and no line is written. `allocation_report` shows how each period was split.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from courses.models import CoursePage
from enrolment.models import LessonProgress

from .ledger import instructor_of, share_for
from .models import Earning, Order
from .money import ZERO, rand, share_of
from .subscriptions import INCLUDED, period_end


def period_of(order):
    return order.paid_at, period_end(order.paid_at, order.plan.interval)


def consumption(order):
    """{course: completed lessons} of the subscriber in subscription courses during the order's period."""
    start, end = period_of(order)
    rows = (LessonProgress.objects.filter(user=order.user, status=LessonProgress.Status.COMPLETED,
                                          completed_at__gte=start, completed_at__lt=end,
                                          enrolment__course__pricing_type__in=INCLUDED)
            .values("enrolment__course").annotate(lessons=Count("pk")).order_by("enrolment__course"))
    courses = CoursePage.objects.select_related("instructor", "owner").in_bulk([row["enrolment__course"] for row in rows])
    return {courses[row["enrolment__course"]]: row["lessons"] for row in rows}


def allocate(order):
    """The ledger lines of one ended subscription period (none when nothing was consumed). Idempotent."""
    if Earning.objects.filter(order=order, kind=Earning.Kind.SUBSCRIPTION).exists():
        return []
    used = consumption(order)
    total = sum(used.values())
    if not total:
        return []
    payment = order.payments.first()
    fee = (payment.fee or ZERO) if payment else ZERO
    lines = []
    with transaction.atomic():
        for course, lessons in sorted(used.items(), key=lambda item: item[0].pk):
            weight = Decimal(lessons) / Decimal(total)
            gross, vat, part_fee = rand(order.amount * weight), rand(order.vat * weight), rand(fee * weight)
            net = gross - vat - part_fee
            share = share_for(course)
            instructor_amount, platform_amount = share_of(net, share)
            lines.append(Earning.objects.create(
                instructor=instructor_of(course), kind=Earning.Kind.SUBSCRIPTION, order=order, payment=payment,
                course=course, gross=gross, vat=vat, fee=part_fee, net=net, share=share,
                instructor_amount=instructor_amount, platform_amount=platform_amount, available_at=timezone.now(),
                note=f"{lessons} of {total} lessons completed in {order.reference}'s period",
            ))
    return lines


def ended_periods(now=None):
    now = now or timezone.now()
    orders = Order.objects.filter(plan__isnull=False, status=Order.Status.PAID).select_related("plan", "user")
    return [order for order in orders if period_of(order)[1] <= now]


def allocate_ended_periods(now=None):
    """Allocate every ended subscription period not allocated yet. Returns the number of lines written."""
    return sum(len(allocate(order)) for order in ended_periods(now))


def allocation_report(orders=None):
    """[{order, period, net, lines, allocated, kept}] for ended subscription periods: how each was split."""
    rows = []
    for order in orders if orders is not None else ended_periods():
        payment = order.payments.first()
        fee = (payment.fee or ZERO) if payment else ZERO
        net = order.amount - order.vat - fee
        lines = list(Earning.objects.filter(order=order, kind=Earning.Kind.SUBSCRIPTION).select_related("course",
                                                                                                       "instructor"))
        allocated = sum((line.instructor_amount for line in lines), ZERO)
        rows.append({"order": order, "period": period_of(order), "net": net, "lines": lines,
                     "to_instructors": allocated, "to_platform": net - allocated})
    return rows
