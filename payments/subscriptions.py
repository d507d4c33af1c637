"""Subscriptions: a plan's subscribers open every course included in subscriptions while it is active.

- The first payment of a plan order activates a Subscription until the period's end (a month or
  a year); a PayFast renewal ITN (same token, new pf_payment_id) records a renewal order, its
  payment and invoice, and extends the period.
- Cancelling (on the site, which cancels at the gateway, or at the gateway, which tells us)
  keeps access until the period ends; a failed renewal or the end of the period (plus
  GRACE_DAYS) lapses it. Lapsing withdraws the enrolments the subscription gave
  (source "subscription"); bought courses stay, and progress is kept for a later return.
- An active subscriber joins an included course with `join_course` (enrolment source
  "subscription"); the course page offers it.
"""

import calendar
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage
from courses.pricing import PricingType
from enrolment.models import Enrolment
from enrolment.services import enrol

from . import gateways
from .errors import PaymentError
from .models import Subscription, SubscriptionPlan

GRACE_DAYS = 3
INCLUDED = (PricingType.SUBSCRIPTION, PricingType.BOTH)
OPEN = (Subscription.Status.ACTIVE, Subscription.Status.CANCELLED)


def add_months(moment, months):
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def period_end(start, interval):
    return add_months(start, 12 if interval == SubscriptionPlan.Interval.ANNUAL else 1)


def is_included(course):
    return course.pricing_type in INCLUDED and not course.is_archived


def included_courses():
    return CoursePage.objects.live().filter(pricing_type__in=INCLUDED, is_archived=False)


def active_subscription(user, now=None):
    """The user's open subscription (active, or cancelled with time left), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    now = now or timezone.now()
    return (Subscription.objects.filter(user=user, status__in=OPEN,
                                        current_period_end__gt=now - timedelta(days=GRACE_DAYS))
            .select_related("plan").order_by("-current_period_end").first())


def purchasable_plan(user, plan_id):
    plan = SubscriptionPlan.objects.filter(pk=plan_id, is_active=True).first()
    if plan is None:
        raise PaymentError("There is no such plan.", "not_found", status=404)
    if active_subscription(user) is not None:
        raise PaymentError("You already have a subscription.", "already_subscribed")
    return plan


def activate(order, event):
    """The first payment of a plan order: the subscription starts now (in the payment's transaction)."""
    now = timezone.now()
    return Subscription.objects.create(
        user=order.user, plan=order.plan, order=order, gateway=order.gateway, gateway_code=event.subscription_code,
        started_at=now, current_period_end=period_end(now, order.plan.interval),
    )


def extend(subscription):
    start = max(subscription.current_period_end, timezone.now())
    subscription.current_period_end = period_end(start, subscription.plan.interval)
    subscription.save(update_fields=["current_period_end"])
    return subscription


def join_course(user, course):
    """Enrol an active subscriber in a course included in subscriptions."""
    if active_subscription(user) is None:
        raise PaymentError("Subscribe to open this course.", "not_subscribed", status=402)
    if not is_included(course):
        raise PaymentError("This course is not included in subscriptions.", "not_included")
    return enrol(user, course, source=Enrolment.Source.SUBSCRIPTION)


def withdraw_access(user):
    """End the enrolments a subscription gave, unless another subscription is still open."""
    if active_subscription(user) is not None:
        return 0
    return Enrolment.objects.filter(user=user, source=Enrolment.Source.SUBSCRIPTION,
                                    status=Enrolment.Status.ACTIVE).update(status=Enrolment.Status.CANCELLED)


def mark_cancelled(subscription):
    if subscription.status == Subscription.Status.ACTIVE:
        subscription.status, subscription.cancelled_at = Subscription.Status.CANCELLED, timezone.now()
        subscription.save(update_fields=["status", "cancelled_at"])
    return subscription


def lapse(subscription):
    if subscription.status != Subscription.Status.LAPSED:
        subscription.status = Subscription.Status.LAPSED
        subscription.cancelled_at = subscription.cancelled_at or timezone.now()
        subscription.save(update_fields=["status", "cancelled_at"])
    withdraw_access(subscription.user)
    return subscription


def cancel(user, subscription_id):
    """The subscriber cancels on the site: the gateway stops charging, access stays until the period ends."""
    subscription = Subscription.objects.filter(pk=subscription_id, user=user).select_related("plan").first()
    if subscription is None:
        raise PaymentError("No such subscription.", "not_found", status=404)
    if subscription.status != Subscription.Status.ACTIVE:
        raise PaymentError("This subscription is not active.", "not_active", status=409)
    gateway = gateways.installed().get(subscription.gateway)
    if gateway is not None:
        gateway.cancel_subscription(subscription)
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        return mark_cancelled(subscription)


def lapse_expired(now=None):
    """Lapse every open subscription past its period (and grace). Returns how many."""
    now = now or timezone.now()
    expired = Subscription.objects.filter(status__in=OPEN, current_period_end__lte=now - timedelta(days=GRACE_DAYS))
    count = 0
    for subscription in expired.select_related("user"):
        with transaction.atomic():
            lapse(subscription)
        count += 1
    return count
