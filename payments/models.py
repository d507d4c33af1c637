"""Orders, the payments that settle them, and every webhook delivery with its outcome.

Amounts are Decimal rand with two places, VAT-inclusive (`amount`) with the VAT part stored as
charged (`vat` at `vat_rate`), so a later change of rate never rewrites a past order.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .money import CURRENCY
from .panels import GatewayStatusPanel

MONEY = {"max_digits": 12, "decimal_places": 2}
# SQLite does decimal arithmetic in floating point, so sums in check constraints are compared
# within half a cent; on PostgreSQL (numeric) they are exact anyway.
HALF_CENT = Decimal("0.005")


def equals(field, expression):
    """Q: `field` equals `expression` to the cent (see HALF_CENT)."""
    return Q(**{f"{field}__gte": expression - HALF_CENT}) & Q(**{f"{field}__lte": expression + HALF_CENT})


class OrderQuerySet(models.QuerySet):
    def for_user(self, user):
        """The orders this user may see: their own; everyone's for admins."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(user=user)


class Order(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for payment"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        REFUNDED = "refunded", "Refunded"

    reference = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    course = models.ForeignKey("courses.CoursePage", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey("payments.SubscriptionPlan", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="orders")
    gateway = models.CharField(max_length=30)
    description = models.CharField(max_length=255)
    amount = models.DecimalField("amount incl. VAT", **MONEY)
    vat = models.DecimalField("VAT included", **MONEY)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    currency = models.CharField(max_length=3, default=CURRENCY)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    # Why an event for this order was refused (amount or currency mismatch...), for admins.
    flag = models.CharField(max_length=255, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="order_amount_positive"),
            models.CheckConstraint(condition=Q(vat__gte=0) & Q(vat__lte=models.F("amount")), name="order_vat_within_amount"),
            models.CheckConstraint(condition=Q(currency=CURRENCY), name="order_in_rand"),
            models.CheckConstraint(condition=Q(course__isnull=True) | Q(plan__isnull=True), name="order_for_one_thing"),
        ]
        indexes = [models.Index(fields=["user", "status"]), models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.reference

    @property
    def amount_excl_vat(self):
        return self.amount - self.vat

    def refund_link(self):
        """For the admin's payments list: a link to refund a paid order."""
        if self.status != self.Status.PAID:
            return ""
        return format_html('<a href="{}">Refund</a>', reverse("payments_admin_refund", args=[self.reference]))

    refund_link.short_description = "Refund"

    def product_ids(self):
        if self.plan_id:
            return {"plan_id": self.plan_id}
        return {"course_id": self.course_id} if self.course_id else {}

    def gateway_plan_code(self, gateway_slug):
        """The gateway's own plan code when this order starts a subscription ("" for a course)."""
        if self.plan_id and gateway_slug == "paystack":
            return self.plan.paystack_plan_code
        return ""

    def plan_interval(self):
        """"monthly"/"annual" when this order starts a subscription, else ""."""
        return self.plan.interval if self.plan_id else ""


class Payment(models.Model):
    """Money a gateway confirmed for an order: its transaction id, amounts, fee when reported, raw answer."""

    class Status(models.TextChoices):
        PAID = "paid", "Paid"
        REFUNDED = "refunded", "Refunded"

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    gateway = models.CharField(max_length=30)
    transaction_id = models.CharField(max_length=100)
    amount = models.DecimalField(**MONEY)
    fee = models.DecimalField(null=True, blank=True, **MONEY)
    currency = models.CharField(max_length=3, default=CURRENCY)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PAID)
    raw = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["gateway", "transaction_id"], name="one_payment_per_gateway_transaction"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.gateway} {self.transaction_id}"


class WebhookEvent(models.Model):
    """Every delivery from a gateway, authentic or not, with what it did: the admins' webhook log."""

    class Outcome(models.TextChoices):
        PROCESSED = "processed", "Processed"
        DUPLICATE = "duplicate", "Duplicate (already processed)"
        IGNORED = "ignored", "Ignored (nothing to do)"
        REFUSED = "refused", "Refused"

    gateway = models.CharField(max_length=30)
    key = models.CharField("idempotency key", max_length=200, blank=True)
    name = models.CharField("event", max_length=100, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.PROTECT, related_name="webhook_events")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    code = models.CharField(max_length=50, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    body = models.TextField(blank=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            # The same gateway event changes state once, even when two deliveries race.
            models.UniqueConstraint(fields=["gateway", "key"], condition=Q(outcome="processed") & ~Q(key=""),
                                    name="webhook_event_processed_once"),
        ]
        indexes = [models.Index(fields=["gateway", "key"]), models.Index(fields=["outcome", "received_at"])]

    def __str__(self):
        return f"{self.gateway} {self.name} {self.outcome}"


class AppendOnly(models.Model):
    """A row that is written once: saving it again or deleting it raises (corrections are new rows)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError(f"{type(self).__name__} rows are never changed; add a reversing entry instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{type(self).__name__} rows are never deleted.")


class EarningQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Earnings are never changed; add a reversing entry instead.")

    def delete(self):
        raise PermissionError("Earnings are never deleted.")

    def for_user(self, user):
        """An instructor's own earnings; everyone's for admins; none for anyone else."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(instructor=user)


class Earning(AppendOnly):
    """One line of the instructors' ledger: a sale (positive) or its reversal (negative).

    gross - VAT - fee = net = instructor + platform, enforced by the database. The share used is
    stored on the line. A line is pending until `available_at` (the hold period), then available;
    it never changes: its state is read from the clock.
    """

    class Kind(models.TextChoices):
        SALE = "sale", "Course sale"
        SUBSCRIPTION = "subscription", "Subscription allocation"
        REVERSAL = "reversal", "Refund reversal"

    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="earnings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.PROTECT, related_name="earnings")
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="earnings")
    course = models.ForeignKey("courses.CoursePage", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    gross = models.DecimalField("gross incl. VAT", **MONEY)
    vat = models.DecimalField(**MONEY)
    fee = models.DecimalField("gateway fee", **MONEY)
    net = models.DecimalField(**MONEY)
    share = models.DecimalField("instructor share (%)", max_digits=5, decimal_places=2)
    instructor_amount = models.DecimalField(**MONEY)
    platform_amount = models.DecimalField(**MONEY)
    available_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", help_text="Who caused the entry; empty for a gateway event.")
    note = models.CharField(max_length=255, blank=True)

    objects = EarningQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=equals("net", models.F("gross") - models.F("vat") - models.F("fee")),
                                   name="earning_net_is_gross_less_vat_and_fee"),
            models.CheckConstraint(condition=equals("net", models.F("instructor_amount") + models.F("platform_amount")),
                                   name="earning_split_adds_up"),
            models.CheckConstraint(condition=Q(share__gte=0) & Q(share__lte=100), name="earning_share_is_a_percentage"),
            # One sale line per payment and course; one reversal per line.
            models.UniqueConstraint(fields=["payment", "course"], condition=Q(kind="sale"), name="one_sale_per_payment"),
            models.UniqueConstraint(fields=["order", "course"], condition=Q(kind="subscription"),
                                    name="one_allocation_per_subscription_payment_and_course"),
        ]
        indexes = [models.Index(fields=["instructor", "available_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.instructor_amount} for {self.instructor_id}"


class Sequence(models.Model):
    """The last number handed out in a series (tax invoices, credit notes): gap-free, locked to take the next."""

    name = models.CharField(max_length=30, unique=True)
    last = models.PositiveIntegerField(default=0)


class Invoice(AppendOnly):
    """A tax invoice (or, with `credit_for`, a credit note) as issued: its figures never change after."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", "Tax invoice"
        CREDIT_NOTE = "credit_note", "Credit note"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INVOICE)
    number = models.CharField(max_length=30, unique=True)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="invoices")
    credit_for = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes")
    issued_at = models.DateTimeField()
    supplier_name = models.CharField(max_length=200)
    supplier_address = models.TextField(blank=True)
    supplier_vat_number = models.CharField(max_length=20, blank=True)
    buyer_name = models.CharField(max_length=200)
    buyer_email = models.EmailField()
    description = models.CharField(max_length=255)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    amount_excl_vat = models.DecimalField(**MONEY)
    vat = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)
    reason = models.CharField(max_length=255, blank=True)
    # A credit note's refund at the gateway (PayStack's refund id): the gateway's later refund
    # event for the same refund is then recognised and not applied a second time.
    gateway_refund_id = models.CharField(max_length=100, blank=True, db_index=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=equals("total", models.F("amount_excl_vat") + models.F("vat")),
                                   name="invoice_total_adds_up"),
            models.UniqueConstraint(fields=["order"], condition=Q(kind="invoice"), name="one_tax_invoice_per_order"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_tax_invoice(self):
        """Only a VAT-registered supplier issues tax invoices; otherwise this is a receipt (payments.md s3)."""
        return bool(self.supplier_vat_number) and self.vat_rate > 0


class Payout(models.Model):
    """An instructor's request to be paid their available balance, and what admins decided.

    Its status moves forward only (requested -> approved -> paid, or -> rejected) and every move
    is a `PayoutEvent` with who and when; a rejected request's amount returns to the balance.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        PAID = "paid", "Paid"

    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payouts")
    amount = models.DecimalField(**MONEY)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    bank_account = models.CharField("bank account (masked)", max_length=120, blank=True)
    # The instructor's bank details when requested (payments.bank.fingerprint): an admin cannot approve
    # or pay the payout once they changed. Empty on payouts requested before fingerprints were kept.
    bank_fingerprint = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    reference = models.CharField("payment reference", max_length=100, blank=True)
    reason = models.CharField("reason for rejecting", max_length=255, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive")]

    def __str__(self):
        return f"Payout {self.pk} of {self.amount} ({self.status})"


class PayoutEvent(AppendOnly):
    payout = models.ForeignKey(Payout, on_delete=models.PROTECT, related_name="events")
    status = models.CharField(max_length=20, choices=Payout.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["at", "pk"]


class BankDetails(models.Model):
    """Where an instructor's payouts go. The account number is encrypted at rest (FIELD_ENCRYPTION_KEY)."""

    class AccountType(models.TextChoices):
        CHEQUE = "cheque", "Cheque / current"
        SAVINGS = "savings", "Savings"
        TRANSMISSION = "transmission", "Transmission"

    instructor = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bank_details")
    account_holder = models.CharField(max_length=120)
    bank_name = models.CharField(max_length=80)
    branch_code = models.CharField(max_length=10)
    account_type = models.CharField(max_length=20, choices=AccountType.choices, default=AccountType.CHEQUE)
    account_number_encrypted = models.TextField()
    account_last4 = models.CharField(max_length=4)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "bank details"

    def __str__(self):
        return self.masked

    @property
    def masked(self):
        return f"{self.bank_name} ····{self.account_last4} ({self.get_account_type_display()})"


class SubscriptionPlan(models.Model):
    """A monthly or annual plan: its subscribers open every course included in subscriptions."""

    class Interval(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        ANNUAL = "annual", "Annual"

    name = models.CharField(max_length=100)
    interval = models.CharField(max_length=10, choices=Interval.choices)
    price = models.DecimalField("price (ZAR, incl. VAT)", **MONEY)
    description = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(default=True)
    paystack_plan_code = models.CharField(max_length=50, blank=True, help_text="PLN_... from PayStack's dashboard.")

    class Meta:
        ordering = ["price", "pk"]
        constraints = [models.CheckConstraint(condition=Q(price__gt=0), name="plan_price_positive")]

    def __str__(self):
        return f"{self.name} ({self.get_interval_display().lower()})"


class Subscription(models.Model):
    """A user's subscription to a plan. Active until `current_period_end` (plus grace); then lapsed."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CANCELLED = "cancelled", "Cancelled (open until the period ends)"
        LAPSED = "lapsed", "Lapsed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="subscriptions")
    plan = models.ForeignKey(SubscriptionPlan, on_delete=models.PROTECT, related_name="subscriptions")
    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="subscription")
    gateway = models.CharField(max_length=30)
    gateway_code = models.CharField(max_length=100, blank=True, help_text="PayStack subscription code / PayFast token.")
    gateway_token = models.CharField(max_length=100, blank=True, help_text="PayStack email token (to cancel).")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_at = models.DateTimeField()
    current_period_end = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["user", "status"]), models.Index(fields=["gateway", "gateway_code"])]

    def __str__(self):
        return f"{self.user} on {self.plan} ({self.status})"


def payfast_sandbox_default():
    """The switch's first value comes from PAYFAST_SANDBOX; after that the admin's switch decides."""
    return bool(getattr(settings, "PAYFAST_SANDBOX", False))


@register_setting(icon="cog")
class GatewaySettings(BaseGenericSetting):
    """Which gateways buyers are offered, and PayFast sandbox or live: switched by admins in Settings.

    Keys stay in the environment: a switched-on gateway without its keys is still unavailable (the
    status panel says which keys are missing). A switched-off gateway starts no new checkout, but
    its webhooks are still processed: an order started before the switch may be paid (or refunded)
    at the gateway, and money that moved is recorded whatever the switch says now.
    """

    paystack_enabled = models.BooleanField(
        "offer PayStack", default=True,
        help_text="New checkouts may choose PayStack (needs PAYSTACK_SECRET_KEY and PAYSTACK_PUBLIC_KEY in the "
                  "server's environment).")
    payfast_enabled = models.BooleanField(
        "offer PayFast", default=True,
        help_text="New checkouts may choose PayFast (needs PAYFAST_MERCHANT_ID, PAYFAST_MERCHANT_KEY and, in "
                  "production, PAYFAST_PASSPHRASE in the server's environment).")
    payfast_sandbox = models.BooleanField(
        "PayFast sandbox", default=payfast_sandbox_default,
        help_text="On: checkouts and ITN validation go to sandbox.payfast.co.za (test cards, no money moves) and "
                  "the ITN source check is off. Off: www.payfast.co.za, live money. PAYFAST_PROCESS_URL, "
                  "PAYFAST_VALIDATE_URL and PAYFAST_ALLOWED_IPS in the environment override this when set. "
                  "Use sandbox merchant keys with sandbox.")
    test_enabled = models.BooleanField(
        "offer the test payment", default=True,
        help_text="The \"test payment\" gateway (no money moves). Exists only where the server lists it "
                  "(development); production never offers it, whatever this says.")

    panels = [
        GatewayStatusPanel(heading="Gateways on this server"),
        MultiFieldPanel([FieldPanel("paystack_enabled"), FieldPanel("payfast_enabled"),
                         FieldPanel("test_enabled")], "Offered at checkout"),
        MultiFieldPanel([FieldPanel("payfast_sandbox")], "PayFast"),
    ]

    class Meta:
        verbose_name = "payment gateways"

    def is_switched_on(self, slug):
        """A gateway this setting has no switch for (one added by settings alone) is on."""
        return bool(getattr(self, f"{slug}_enabled", True))
