"""Admin screens of payments: payouts to decide, the payments list (filters, CSV), the webhook log.

Payouts and money are for superusers only; `wagtail_hooks.py` only registers these.
"""

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.utils import timezone
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from lms_site.errors import DomainError
from lms_site.spreadsheets import SafeSpreadsheetExportMixin
from lms_site.admin_policies import RulePolicy

from . import gateways
from .allocation import allocation_report
from .bank import account_number
from .models import BankDetails, Invoice, Order, Payout, WebhookEvent
from .payouts import decide
from .reconciliation import as_csv, reconcile
from .refunds import refund_order, refunded_so_far


class SuperuserOnly:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied("Only admins see payouts.")
        return super().dispatch(request, *args, **kwargs)


class PayoutsView(SuperuserOnly, WagtailAdminTemplateMixin, TemplateView):
    """Pending payouts with approve / reject (reason) / mark paid (reference), and the latest decided ones."""

    template_name = "payments/admin/payouts.html"
    page_title = "Payouts"
    header_icon = "doc-full"
    ACTIONS = {"approve": "approved", "reject": "rejected", "mark_paid": "marked paid"}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": "Payouts"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        open_ = list(Payout.objects.filter(status__in=[Payout.Status.REQUESTED, Payout.Status.APPROVED])
                     .select_related("instructor").order_by("requested_at", "pk"))
        details = {d.instructor_id: d for d in BankDetails.objects.filter(instructor__in=[p.instructor_id for p in open_])}
        # The full account number only once approved, for the admin making the transfer.
        context["open"] = [
            (p, details.get(p.instructor_id),
             account_number(details[p.instructor_id]) if p.instructor_id in details and p.status == Payout.Status.APPROVED
             else "")
            for p in open_
        ]
        context["decided"] = (Payout.objects.exclude(status__in=[Payout.Status.REQUESTED, Payout.Status.APPROVED])
                              .select_related("instructor").prefetch_related("events__by").order_by("-pk")[:50])
        return context

    def post(self, request):
        action = request.POST.get("action", "")
        payout_id = request.POST.get("payout", "")
        if action not in self.ACTIONS or not payout_id.isdigit():
            messages.error(request, "Choose a payout and an action.")
            return redirect("payments_admin_payouts")
        try:
            payout = decide(int(payout_id), request.user, action, request.POST.get("note", ""))
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, f"Payout {payout.pk} of R{payout.amount} {self.ACTIONS[action]}.")
        return redirect("payments_admin_payouts")


class ReadOnlyPolicy(RulePolicy):
    """Money records are looked at, never added, edited or deleted in the admin; superusers only."""

    def allows(self, user, action):
        return user.is_active and user.is_superuser and action in ("view", "export")


class OrderIndexView(SafeSpreadsheetExportMixin, ModelViewSet.index_view_class):
    pass


class WebhookIndexView(SafeSpreadsheetExportMixin, ModelViewSet.index_view_class):
    pass


class OrderViewSet(ModelViewSet):
    model = Order
    icon = "list-ul"
    menu_label = "Payments"
    add_to_admin_menu = False
    inspect_view_enabled = True
    index_view_class = OrderIndexView
    list_display = ["reference", "user", "description", "amount", "vat", "gateway", "status", "created_at", "paid_at",
                    "refund_link"]
    list_filter = ["status", "gateway", "created_at"]
    list_export = ["reference", "user", "description", "amount", "vat", "vat_rate", "currency", "gateway", "status",
                   "created_at", "paid_at", "flag"]
    export_filename = "payments"
    form_fields = ["flag"]  # required by ModelViewSet; the edit view is refused (ReadOnlyPolicy)
    search_fields = ["reference", "description", "user__email"]


class WebhookEventViewSet(ModelViewSet):
    model = WebhookEvent
    icon = "warning"
    menu_label = "Webhook log"
    add_to_admin_menu = False
    inspect_view_enabled = True
    index_view_class = WebhookIndexView
    list_display = ["received_at", "gateway", "name", "reference", "outcome", "code", "source_ip"]
    list_filter = ["outcome", "gateway", "received_at"]
    list_export = ["received_at", "gateway", "name", "key", "reference", "outcome", "code", "detail", "source_ip"]
    export_filename = "webhooks"
    form_fields = ["detail"]  # required by ModelViewSet; the edit view is refused (ReadOnlyPolicy)
    search_fields = ["reference", "key", "name", "code"]


class RefundView(SuperuserOnly, WagtailAdminTemplateMixin, TemplateView):
    """Refund a paid order (all or part): the gateway is asked first, then the ledger, access and credit note follow."""

    template_name = "payments/admin/refund.html"
    page_title = "Refund"
    header_icon = "undo"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": f"Refund {self.order.reference}"}]

    def dispatch(self, request, reference):
        self.order = get_object_or_404(Order.objects.select_related("user", "course"), reference=reference)
        return super().dispatch(request, reference)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gateway = gateways.installed().get(self.order.gateway)
        context.update(order=self.order, refundable=self.order.amount - refunded_so_far(self.order),
                       credit_notes=self.order.invoices.filter(kind=Invoice.Kind.CREDIT_NOTE),
                       gateway_label=gateway.label if gateway else self.order.gateway,
                       gateway_note=refund_note(gateway))
        return context

    def post(self, request, reference):
        try:
            refund_order(self.order.pk, request.user, request.POST.get("amount") or None, request.POST.get("reason", ""))
        except DomainError as refusal:
            messages.error(request, refusal.message)
            return redirect("payments_admin_refund", reference)
        messages.success(request, f"Order {reference} refunded; the credit note is on its way to the buyer.")
        return redirect("payments_orders:index")


def refund_note(gateway):
    """What the admin should know before refunding through this gateway."""
    if gateway is None:
        return "This gateway is no longer installed here: refund in its own dashboard."
    if gateway.slug == "payfast" and gateways.switches().payfast_sandbox:
        return "PayFast is in sandbox, where PayFast has no refunds: this will be refused."
    if gateway.slug == "payfast":
        return ("PayFast refunds the buyer (and tells them) through its refund API; it takes the amount from your "
                "PayFast balance.")
    return ""


class ReconciliationView(SuperuserOnly, WagtailAdminTemplateMixin, TemplateView):
    """For any period: gateway payments, orders, invoices and ledger side by side, differences first; CSV too."""

    template_name = "payments/admin/reconciliation.html"
    page_title = "Reconciliation"
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": "Reconciliation"}]

    def dates(self):
        today = timezone.localdate()
        try:
            start = date.fromisoformat(self.request.GET.get("start") or str(today.replace(day=1)))
            end = date.fromisoformat(self.request.GET.get("end") or str(today))
        except ValueError:
            return today.replace(day=1), today, "Dates are YYYY-MM-DD."
        if end < start:
            return start, start, "The end is before the start; showing one day."
        return start, end, ""

    def get(self, request, *args, **kwargs):
        start, end, problem = self.dates()
        self.report = reconcile(start, end)
        if problem:
            messages.warning(request, problem)
        if request.GET.get("format") == "csv":
            response = HttpResponse(as_csv(self.report), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="reconciliation-{start}-{end}.csv"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "report": self.report}


class SubscriptionSplitView(SuperuserOnly, WagtailAdminTemplateMixin, TemplateView):
    """How each ended subscription period was shared: per course and instructor, and what the platform kept."""

    template_name = "payments/admin/subscription_split.html"
    page_title = "Subscription split"
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": "Subscription split"}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "rows": allocation_report()}
