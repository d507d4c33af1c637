"""What the payments API reads and answers. Money is a string with two decimals, never a float."""

from decimal import Decimal

from django.urls import reverse
from rest_framework import serializers

from lms_site.links import absolute_url

from .models import BankDetails, Earning, Invoice, Order, Payout


class InitiateSerializer(serializers.Serializer):
    course_id = serializers.IntegerField(min_value=1, required=False, help_text="The course to buy (or `plan_id`).")
    plan_id = serializers.IntegerField(min_value=1, required=False, help_text="The subscription plan (or `course_id`).")
    gateway = serializers.CharField(max_length=30, help_text="`paystack` or `payfast` (and `test` in development).")

    def validate(self, data):
        if ("course_id" in data) == ("plan_id" in data):
            raise serializers.ValidationError("Send either course_id or plan_id.")
        return data


class GatewayFormSerializer(serializers.Serializer):
    action = serializers.URLField(help_text="Where the buyer's browser posts the form.")
    fields = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        help_text="[name, value] pairs in signing order, `signature` last; post them exactly as given.")


class OrderStartedSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Incl. VAT, rand.")
    vat = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="The VAT part of `amount`.")
    currency = serializers.CharField()
    gateway = serializers.CharField()
    redirect_url = serializers.URLField(allow_null=True, help_text="PayStack: its `authorization_url`. Null for a form.")
    form = GatewayFormSerializer(required=False, help_text="PayFast: the hosted payment form to post.")


class OrderSerializer(serializers.ModelSerializer):
    course_id = serializers.IntegerField(allow_null=True)
    plan_id = serializers.IntegerField(allow_null=True)
    invoice_url = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ["reference", "status", "amount", "vat", "currency", "gateway", "course_id", "plan_id", "created_at",
                  "paid_at", "invoice_url"]

    def get_invoice_url(self, order) -> str | None:
        """The tax invoice PDF once the order is paid (session or Bearer token of the buyer)."""
        invoice = next((i for i in order.invoices.all() if i.kind == Invoice.Kind.INVOICE), None)
        return absolute_url(reverse("payments:invoice-pdf", args=[invoice.number])) if invoice else None


class MoneyField(serializers.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(max_digits=12, decimal_places=2, **kwargs)


class BalancesSerializer(serializers.Serializer):
    pending = MoneyField(help_text="Earned, still in the hold period.")
    available = MoneyField(help_text="May be requested now (never below 0).")
    requested = MoneyField(help_text="In payout requests not yet paid.")
    paid_out = MoneyField()
    owed = MoneyField(help_text="Refunds after a payout, taken from later earnings.")
    lifetime = MoneyField(help_text="Every line of the ledger, reversals included.")


class EarningLineSerializer(serializers.ModelSerializer):
    course_id = serializers.IntegerField(allow_null=True)
    order_reference = serializers.CharField(source="order.reference", allow_null=True, default=None)
    state = serializers.SerializerMethodField()

    class Meta:
        model = Earning
        fields = ["id", "kind", "course_id", "order_reference", "gross", "vat", "fee", "net", "share",
                  "instructor_amount", "platform_amount", "available_at", "created_at", "state"]

    def get_state(self, line) -> str:
        from .earnings import line_state

        return line_state(line, self.context["now"])


class PayoutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payout
        fields = ["id", "amount", "status", "bank_account", "requested_at", "decided_at", "paid_at", "reference", "reason"]


class AdminPayoutSerializer(PayoutSerializer):
    instructor_id = serializers.IntegerField()
    instructor_email = serializers.EmailField(source="instructor.email")

    class Meta(PayoutSerializer.Meta):
        fields = PayoutSerializer.Meta.fields + ["instructor_id", "instructor_email"]


class CourseEarningsSerializer(serializers.Serializer):
    course_id = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    sales = serializers.IntegerField()
    gross = MoneyField()
    amount = MoneyField(help_text="Your share, reversals included.")


class MonthEarningsSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    gross = MoneyField()
    amount = MoneyField()


class BankDetailsSerializer(serializers.Serializer):
    account_holder = serializers.CharField(max_length=120)
    bank_name = serializers.CharField(max_length=80)
    branch_code = serializers.CharField(max_length=10)
    account_type = serializers.ChoiceField(choices=BankDetails.AccountType.choices)
    account_number = serializers.CharField(max_length=30, write_only=True)
    current_password = serializers.CharField(
        max_length=128, write_only=True, required=False, allow_blank=True, trim_whitespace=False,
        style={"input_type": "password"},
        help_text="Required to change details already saved (not for the first ones).")
    masked = serializers.CharField(read_only=True, help_text="Bank and the last four digits only.")


class EarningsSerializer(serializers.Serializer):
    balances = BalancesSerializer()
    threshold = MoneyField(help_text="The smallest payout; request once `available` reaches it.")
    per_course = CourseEarningsSerializer(many=True)
    per_month = MonthEarningsSerializer(many=True)
    lines = EarningLineSerializer(many=True, help_text="The newest 100 ledger lines.")
    payouts = PayoutSerializer(many=True)
    bank_details = serializers.CharField(allow_null=True, help_text="Masked, or null when none are stored.")


class PayoutRequestSerializer(serializers.Serializer):
    amount = MoneyField(required=False, min_value=Decimal("0.01"), help_text="Default: everything available.")


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=255,
                                 help_text="Reject: the reason (required). Mark paid: the transfer's reference (required).")


# --- webhooks, as the gateways send them (documentation only: the raw body is what is checked) ---

class PayStackWebhookSerializer(serializers.Serializer):
    """PayStack's delivery: JSON, signed by `x-paystack-signature` (HMAC-SHA512 of the raw body, secret key)."""

    event = serializers.CharField(help_text="`charge.success`, `refund.processed`, `subscription.create`, ...")
    data = serializers.DictField(help_text="The event's object (`reference`, `amount` in cents, `currency`, `id`...).")


class PayFastItnSerializer(serializers.Serializer):
    """PayFast's ITN: form fields in PayFast's order, `signature` (MD5 with the passphrase) after them."""

    m_payment_id = serializers.CharField(help_text="Our order reference.")
    pf_payment_id = serializers.CharField(help_text="PayFast's payment id (the idempotency key).")
    payment_status = serializers.CharField(help_text="`COMPLETE`, `CANCELLED`, `FAILED`, `PENDING`.")
    amount_gross = serializers.CharField(help_text="Rand with two decimals, e.g. `499.00`.")
    amount_fee = serializers.CharField(required=False, help_text="Negative, e.g. `-17.48`.")
    amount_net = serializers.CharField(required=False)
    merchant_id = serializers.CharField()
    token = serializers.CharField(required=False, help_text="Subscriptions only.")
    signature = serializers.CharField()


class WebhookReceivedSerializer(serializers.Serializer):
    received = serializers.BooleanField()
    outcomes = serializers.ListField(child=serializers.CharField(),
                                     help_text="Per event: `processed`, `duplicate` or `ignored`.")
