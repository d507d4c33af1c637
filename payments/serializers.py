"""What the payments API reads and answers. Money is a string with two decimals, never a float."""

from django.urls import reverse
from rest_framework import serializers

from lms_site.links import absolute_url

from .models import Invoice, Order


class InitiateSerializer(serializers.Serializer):
    course_id = serializers.IntegerField(min_value=1, help_text="The course to buy.")
    gateway = serializers.CharField(max_length=30, help_text="`paystack` or `payfast` (and `test` in development).")


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
    invoice_url = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ["reference", "status", "amount", "vat", "currency", "gateway", "course_id", "created_at", "paid_at",
                  "invoice_url"]

    def get_invoice_url(self, order) -> str | None:
        """The tax invoice PDF once the order is paid (session or Bearer token of the buyer)."""
        invoice = next((i for i in order.invoices.all() if i.kind == Invoice.Kind.INVOICE), None)
        return absolute_url(reverse("payments:invoice-pdf", args=[invoice.number])) if invoice else None
