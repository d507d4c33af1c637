"""Orders, the payments that settle them, and every webhook delivery with its outcome.

Amounts are Decimal rand with two places, VAT-inclusive (`amount`) with the VAT part stored as
charged (`vat` at `vat_rate`), so a later change of rate never rewrites a past order.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .money import CURRENCY

MONEY = {"max_digits": 12, "decimal_places": 2}


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
        ]
        indexes = [models.Index(fields=["user", "status"]), models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.reference

    @property
    def amount_excl_vat(self):
        return self.amount - self.vat

    def product_ids(self):
        return {"course_id": self.course_id} if self.course_id else {}

    def gateway_plan_code(self, gateway_slug):
        """The gateway's own plan code when this order starts a subscription ("" for a course)."""
        return ""

    def plan_interval(self):
        """"monthly"/"annual" when this order starts a subscription, else ""."""
        return ""


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
