"""Wagtail hooks of the payments app: the buy button on course pages, admin screens and menu items."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from courses.extensions import COURSE_CONTEXT

from .models import Order, WebhookEvent
from . import subscriptions
from .payouts import may_earn
from .services import FOR_SALE
from .viewsets import (
    OrderViewSet, PayoutsView, ReadOnlyPolicy, ReconciliationView, RefundView, SubscriptionSplitView,
    WebhookEventViewSet,
)

register_permission_policy(Order, ReadOnlyPolicy(Order))
register_permission_policy(WebhookEvent, ReadOnlyPolicy(WebhookEvent))

order_viewset = OrderViewSet("payments_orders", url_prefix="payments/orders")
webhook_viewset = WebhookEventViewSet("payments_webhooks", url_prefix="payments/webhooks")


@hooks.register(COURSE_CONTEXT)
def checkout_links(request, course):
    """The course page's ways in: buy it, subscribe, or (for a subscriber) open it with the subscription."""
    links = {}
    if course.pricing_type in FOR_SALE and course.price:
        links["checkout_url"] = reverse("payments:checkout-course", args=[course.pk])
    if subscriptions.is_included(course):
        links["plans_url"] = reverse("payments:plans")
        if subscriptions.active_subscription(request.user) is not None:
            links["join_url"] = reverse("payments:join-course", args=[course.pk])
    return links


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [order_viewset, webhook_viewset]


@hooks.register("register_admin_urls")
def payment_admin_urls():
    return [
        path("payments/payouts/", PayoutsView.as_view(), name="payments_admin_payouts"),
        path("payments/refund/<str:reference>/", RefundView.as_view(), name="payments_admin_refund"),
        path("payments/reconciliation/", ReconciliationView.as_view(), name="payments_admin_reconciliation"),
        path("payments/subscription-split/", SubscriptionSplitView.as_view(), name="payments_admin_subscription_split"),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


class InstructorMenuItem(MenuItem):
    def is_shown(self, request):
        return may_earn(request.user)


@hooks.register("register_admin_menu_item")
def payouts_menu_item():
    return SuperuserMenuItem("Payouts", reverse("payments_admin_payouts"), name="payouts", icon_name="doc-full", order=900)


@hooks.register("register_admin_menu_item")
def payments_menu_item():
    return SuperuserMenuItem("Payments", reverse("payments_orders:index"), name="payments", icon_name="list-ul", order=901)


@hooks.register("register_admin_menu_item")
def webhooks_menu_item():
    return SuperuserMenuItem("Webhook log", reverse("payments_webhooks:index"), name="webhook-log", icon_name="warning",
                             order=902)


@hooks.register("register_admin_menu_item")
def earnings_menu_item():
    return InstructorMenuItem("Earnings", reverse("payments:earnings"), name="earnings", icon_name="doc-full", order=280)


@hooks.register("register_admin_menu_item")
def reconciliation_menu_item():
    return SuperuserMenuItem("Reconciliation", reverse("payments_admin_reconciliation"), name="reconciliation",
                             icon_name="tasks", order=903)


@hooks.register("register_admin_menu_item")
def subscription_split_menu_item():
    return SuperuserMenuItem("Subscription split", reverse("payments_admin_subscription_split"),
                             name="subscription-split", icon_name="group", order=904)
