"""The instructors' ledger: what each sale earns, what is pending, available and paid out.

Lines are only ever added (`Earning` refuses updates and deletes). A sale adds one line with the
share in force; a refund adds its reversal. Balances are sums over the lines and payouts, so
they can always be recomputed and never drift.
"""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from .models import Earning
from .money import ZERO, rand, share_of
from .platform import platform_settings


def share_for(course, settings_=None):
    """The instructor's share in %: the course's override, else the instructor's default, else the site's."""
    if course.revenue_share_override is not None:
        return course.revenue_share_override
    instructor = course.instructor or course.owner
    if instructor is not None and instructor.default_revenue_share is not None:
        return instructor.default_revenue_share
    return (settings_ or platform_settings()).default_revenue_share


def instructor_of(course):
    return course.instructor or course.owner


def record_sale(order, payment, paid_at=None):
    """The ledger line for a paid course order (in the payment's transaction). Returns the Earning.

    `paid_at` (default now) starts the hold; the demo loader passes past dates for its history."""
    settings_ = platform_settings()
    course = order.course
    fee = payment.fee or ZERO
    net = order.amount - order.vat - fee
    share = share_for(course, settings_)
    instructor_amount, platform_amount = share_of(net, share)
    return Earning.objects.create(
        instructor=instructor_of(course), kind=Earning.Kind.SALE, order=order, payment=payment, course=course,
        gross=order.amount, vat=order.vat, fee=fee, net=net, share=share, instructor_amount=instructor_amount,
        platform_amount=platform_amount,
        available_at=(paid_at or timezone.now()) + timedelta(days=settings_.hold_days),
    )


def reverse(earning, *, fraction=Decimal("1"), by=None, note=""):
    """A reversing line for (a fraction of) an earning, available at once so it reduces the balance now."""
    if fraction == 1:
        figures = {name: -getattr(earning, name) for name in ("gross", "vat", "fee", "net", "instructor_amount",
                                                               "platform_amount")}
    else:
        gross = rand(earning.gross * fraction)
        vat = rand(earning.vat * fraction)
        fee = ZERO
        net = gross - vat
        instructor_amount, platform_amount = share_of(net, earning.share)
        figures = {"gross": -gross, "vat": -vat, "fee": -fee, "net": -net, "instructor_amount": -instructor_amount,
                   "platform_amount": -platform_amount}
    return Earning.objects.create(
        instructor=earning.instructor, kind=Earning.Kind.REVERSAL, order=earning.order, payment=earning.payment,
        course=earning.course, reverses=earning, share=earning.share, available_at=timezone.now(), created_by=by,
        note=note[:255], **figures,
    )


def total(queryset, field="instructor_amount"):
    return queryset.aggregate(s=Sum(field))["s"] or ZERO


def balances(instructor, now=None):
    """{pending, earned_available, requested, paid_out, available, owed}: the instructor's money in one place.

    available = lines past their hold - payouts requested, approved or paid; never below 0 (a refund
    after a payout leaves the difference as `owed`, taken from later earnings).
    """
    from .models import Payout  # defined with payouts

    now = now or timezone.now()
    lines = Earning.objects.filter(instructor=instructor)
    pending = total(lines.filter(available_at__gt=now))
    matured = total(lines.filter(available_at__lte=now))
    payouts = Payout.objects.filter(instructor=instructor)
    requested = total(payouts.filter(status__in=[Payout.Status.REQUESTED, Payout.Status.APPROVED]), "amount")
    paid_out = total(payouts.filter(status=Payout.Status.PAID), "amount")
    balance = matured - requested - paid_out
    return {"pending": pending, "requested": requested, "paid_out": paid_out,
            "available": max(balance, ZERO), "owed": max(-balance, ZERO),
            "lifetime": total(lines)}


