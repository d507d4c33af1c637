"""The buyer's pages: checkout, the return from a gateway, cancel, and the test payment gateway's page.

A return from the gateway never marks an order paid by itself: it asks the gateway's server
(`services.confirm_on_return`) or waits for the webhook.
"""

import json
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from courses.pricing import rands
from enrolment.visibility import courses_for
from accounts.bearer import request_user
from lms_site.errors import DomainError

from . import gateways, services, subscriptions
from .gateways.base import EventKind, GatewayEvent
from .bank import save_bank_details
from .earnings import earnings_report, line_state
from .invoices import render_pdf
from .models import BankDetails, Invoice, Order, SubscriptionPlan
from .payouts import may_earn, request_payout
from .money import split_vat
from .platform import platform_settings


def gateway_choices():
    """Every gateway switched on, available or not (one without its keys is shown, not offered); a
    gateway an admin switched off is not shown at all."""
    return [{"slug": g.slug, "label": g.label, "note": g.note, "available": g.is_configured(),
             "supports_subscriptions": g.supports_subscriptions}
            for g in gateways.enabled().values()]


def plans(request):
    """The subscription plans and what they include; a subscriber sees theirs with a cancel button."""
    subscription = subscriptions.active_subscription(request.user)
    return render(request, "payments/plans.html", {
        "plans": SubscriptionPlan.objects.filter(is_active=True), "subscription": subscription,
        "courses": subscriptions.included_courses().order_by("title"),
    })


@login_required
def checkout_plan(request, plan_id):
    error = None
    try:
        plan = subscriptions.purchasable_plan(request.user, plan_id)
    except DomainError as refusal:
        if refusal.status == 404:
            raise Http404(refusal.message) from refusal
        messages.info(request, refusal.message)
        return redirect("payments:plans")
    choices = [c for c in gateway_choices() if c["supports_subscriptions"]]
    if request.method == "POST":
        try:
            order, checkout = services.start_checkout(request.user, request.POST.get("gateway", ""), plan_id=plan.pk)
        except DomainError as refusal:
            error = refusal.message
        else:
            if checkout.form_action:
                return gateway_form(request, order, checkout)
            return redirect(checkout.redirect_url)
    return checkout_page(request, plan.name, plan.price, choices, error,
                         {"plan": plan, "lead": f"Renews {plan.get_interval_display().lower()} until you cancel. "
                                                 "Opens every course included in subscriptions."})


@login_required
@require_POST
def join_course(request, course_id):
    course = get_object_or_404(courses_for(request.user).filter(live=True), pk=course_id)
    try:
        subscriptions.join_course(request.user, course)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    return redirect(course.url)


@login_required
@require_POST
def cancel_subscription(request, subscription_id):
    try:
        subscription = subscriptions.cancel(request.user, subscription_id)
    except DomainError as refusal:
        if refusal.status == 404:
            raise Http404(refusal.message) from refusal
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Subscription cancelled. Your courses stay open until "
                                  f"{subscription.current_period_end:%-d %B %Y}.")
    return redirect("payments:plans")


def checkout_page(request, title, price, choices, error, extra):
    settings_ = platform_settings()
    excl, vat = split_vat(price, settings_.vat_rate)
    first_available = next((c["slug"] for c in choices if c["available"]), "")
    response = render(request, "payments/checkout.html", {
        "title": title, "price": price, "vat": vat, "excl": excl, "vat_rate": settings_.vat_rate, "choices": choices,
        "selected": request.POST.get("gateway") or first_available, "error": error, **extra,
    }, status=400 if error else 200)
    # Submitting the form redirects to the chosen gateway's page; the browser checks that hop against form-action.
    origins = sorted({o for g in gateways.available() for o in g.checkout_origins() if o})
    if origins:
        response._csp_update = {"form-action": origins}
    return response


@login_required
def checkout_course(request, course_id):
    error = None
    course = None
    try:
        course = services.purchasable_course(request.user, course_id)
    except DomainError as refusal:
        if refusal.code == "already_owned":
            messages.info(request, "You already have this course.")
            return redirect(courses_for(request.user).get(pk=course_id).url)
        if refusal.status == 404:
            raise Http404(refusal.message) from refusal
        error = refusal.message
    choices = gateway_choices()
    if request.method == "POST" and course is not None:
        try:
            order, checkout = services.start_checkout(request.user, request.POST.get("gateway", ""), course_id=course_id)
        except DomainError as refusal:
            error = refusal.message
        else:
            if checkout.form_action:
                return gateway_form(request, order, checkout)
            return redirect(checkout.redirect_url)
    if course is None:
        return render(request, "payments/checkout.html", {"error": error}, status=400)
    return checkout_page(request, course.title, course.price, choices, error,
                         {"course": course, "lead": "One payment, yours to keep."})


def gateway_form(request, order, checkout):
    """A form that posts to the gateway's hosted page (PayFast): the buyer presses one button."""
    response = render(request, "payments/gateway_form.html", {"order": order, "checkout": checkout,
                                                               "gateway": gateways.installed()[order.gateway]})
    action = urlsplit(checkout.form_action)
    # This page alone may post to the gateway's origin (the site's CSP allows 'self' only).
    response._csp_update = {"form-action": [f"{action.scheme}://{action.netloc}"]}
    return response


def own_order(request, reference):
    return get_object_or_404(Order.objects.select_related("course"), reference=reference, user=request.user)


@login_required
def checkout_return(request, reference):
    order = services.confirm_on_return(own_order(request, reference))
    if order.status == Order.Status.PAID and order.course_id:
        messages.success(request, f"Payment received: {order.course.title} is yours. Your tax invoice is on "
                                  "your payment history.")
        return redirect(order.course.url)
    if order.status == Order.Status.PAID and order.plan_id:
        messages.success(request, "Payment received: your subscription is active. Open any included course.")
        return redirect("payments:plans")
    return render(request, "payments/return.html", {"order": order, "amount": rands(order.amount)})


@login_required
def checkout_cancel(request, reference):
    order = own_order(request, reference)
    if request.method == "POST":
        services.cancel_checkout(request.user, reference)
        order.refresh_from_db()
    return render(request, "payments/cancelled.html", {"order": order})


@login_required
def test_gateway(request, reference):
    """The test payment gateway's page: "Pay (test)" records a payment as a gateway would. Never in production."""
    # Like a webhook: an order started before an admin switched the test gateway off may still be paid.
    gateway = gateways.installed().get("test")
    order = own_order(request, reference)
    if gateway is None or order.gateway != gateway.slug:
        raise Http404("The test payment gateway is not enabled.")
    if request.method == "POST" and order.status == Order.Status.PENDING:
        if request.POST.get("action") == "pay":
            event = GatewayEvent(kind=EventKind.PAID, key=f"test:{order.reference}", name="test.paid",
                                 reference=order.reference, transaction_id=f"TEST-{order.reference}",
                                 amount=order.amount, currency=order.currency, fee=None)
            services.record_event(gateway, event, body=json.dumps({"reference": order.reference, "paid": True}))
            return redirect("payments:return", order.reference)
        services.cancel_checkout(request.user, reference)
        return redirect("payments:cancel", order.reference)
    return render(request, "payments/test_gateway.html", {"order": order, "gateway": gateway})


@login_required
def history(request):
    """The buyer's orders with their invoices and credit notes, newest first."""
    orders = (Order.objects.filter(user=request.user).select_related("course").prefetch_related("invoices")
              .order_by("-created_at", "-pk"))
    return render(request, "payments/history.html", {"orders": orders})


def invoice_pdf(request, number):
    """An invoice or credit note as PDF: to its buyer (session or Bearer token) and to admins only."""
    user = request_user(request)
    if not user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    invoice = get_object_or_404(Invoice.objects.select_related("order", "credit_for"), number=number)
    if invoice.order.user_id != user.pk and not user.is_superuser:
        raise Http404("No such invoice.")
    response = HttpResponse(render_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- instructors -------------------------------------------------------------------------------

def instructor_only(request):
    if not may_earn(request.user):
        raise PermissionDenied("Only instructors have earnings.")


@login_required
def earnings(request):
    """The instructor's earnings dashboard: balances, payouts, bank details, per course and month, every line."""
    instructor_only(request)
    bank_errors, bank_form = {}, None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "bank":
                fields = ("account_holder", "bank_name", "branch_code", "account_number", "account_type")
                changing = BankDetails.objects.filter(instructor=request.user).exists()
                save_bank_details(request.user, **{name: request.POST.get(name, "") for name in fields},
                                  current_password=request.POST.get("current_password", ""))
                messages.success(request, "Bank details changed; we emailed you a notice." if changing
                                 else "Bank details saved.")
            else:
                payout = request_payout(request.user, request.POST.get("amount") or None)
                messages.success(request, f"Payout of R{payout.amount} requested. An admin will approve it.")
            return redirect("payments:earnings")
        except DomainError as refusal:
            bank_errors = refusal.extra.get("fields", {})
            messages.error(request, refusal.message)
            if request.POST.get("action") == "bank":
                # What they typed comes back to be corrected (the account number and password are typed again).
                bank_form = {name: request.POST.get(name, "") for name in ("account_holder", "bank_name", "branch_code",
                                                                          "account_type")}
    report = earnings_report(request.user)
    if bank_form is None and report["bank_details"]:
        details = report["bank_details"]
        bank_form = {"account_holder": details.account_holder, "bank_name": details.bank_name,
                     "branch_code": details.branch_code, "account_type": details.account_type}
    lines = [(line, line_state(line, report["now"])) for line in report["lines"]]
    settings_ = platform_settings()
    return render(request, "payments/earnings.html", {
        **report, "lines": lines, "threshold": settings_.payout_threshold, "hold_days": settings_.hold_days,
        "bank_errors": bank_errors, "bank_form": bank_form or {}, "account_types": BankDetails.AccountType.choices,
        "may_request": report["balances"]["available"] >= settings_.payout_threshold and report["bank_details"],
    }, status=400 if request.method == "POST" else 200)
