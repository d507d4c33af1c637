"""Payments API: start a checkout, and the buyer's own payment history."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from lms_site.schema import refusal

from . import services
from .bank import save_bank_details
from .earnings import earnings_report
from .errors import PaymentError
from .models import BankDetails, Order, Payout
from .payouts import decide, may_earn, request_payout
from .platform import platform_settings
from .serializers import (
    AdminPayoutSerializer, BankDetailsSerializer, DecisionSerializer, EarningsSerializer, InitiateSerializer,
    OrderSerializer, OrderStartedSerializer, PayFastItnSerializer, PayoutRequestSerializer, PayoutSerializer,
    PayStackWebhookSerializer, WebhookReceivedSerializer,
)


def started(order, checkout):
    return {"reference": order.reference, "status": order.status, "amount": order.amount, "vat": order.vat,
            "currency": order.currency, "gateway": order.gateway, **checkout.as_api()}


class InitiateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=InitiateSerializer, responses={
        201: OrderStartedSerializer,
        400: refusal("Not valid, an unknown gateway (`unknown_gateway`), a course not sold on its own "
                     "(`not_for_sale`) or one you already have (`already_owned`), a subscription while you have one "
                     "(`already_subscribed`), a plan the gateway cannot sell (`not_supported`, `plan_not_configured`)."),
        404: refusal("No such course that you may see, or no such plan."),
        409: refusal("The course takes no new students (`not_open`)."),
        502: refusal("The gateway refused or could not be reached (`gateway_refused`, `gateway_unreachable`)."),
        503: refusal("The gateway is not configured on this site (`gateway_unavailable`)."),
    })
    def post(self, request):
        data = InitiateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order, checkout = services.start_checkout(request.user, data.validated_data["gateway"],
                                                  course_id=data.validated_data.get("course_id"),
                                                  plan_id=data.validated_data.get("plan_id"))
        return Response(OrderStartedSerializer(started(order, checkout)).data, status=status.HTTP_201_CREATED)


class WebhookView(APIView):
    """A gateway's webhook (PayStack's event, PayFast's ITN). Not for clients: documented so that what it
    answers is known. The raw body is checked exactly as the gateway signed it (never parsed by DRF)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="payments_webhook",
        summary="A gateway's webhook delivery",
        parameters=[OpenApiParameter("gateway", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["paystack", "payfast"],
                                     description="The gateway that delivers (any other name answers 404)."),
                    OpenApiParameter("x-paystack-signature", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                                     description="PayStack: lowercase hex HMAC-SHA512 of the raw body, keyed with "
                                                 "the secret key.")],
        request={"application/json": PayStackWebhookSerializer,
                 "application/x-www-form-urlencoded": PayFastItnSerializer},
        responses={
            200: WebhookReceivedSerializer,
            400: refusal("Not authentic or not readable (`bad_signature`, `unreadable`, `wrong_merchant`, "
                         "`validate_invalid`), or authentic but refused (`amount_mismatch`, `unknown_reference`...). "
                         "Nothing changed; the delivery is in the webhook log."),
            403: refusal("PayFast: not from PayFast's addresses (`bad_source`)."),
            404: refusal("No such gateway here (`unknown_gateway`), one without its keys (`gateway_unavailable`), or "
                         "one that takes no webhooks (`not_supported`)."),
            429: refusal("Too many refused deliveries from this address (`throttled`): wait `retry_after` seconds."),
            503: refusal("An authentic delivery the gateway's server could not confirm now (`validate_unavailable`, "
                         "`verify_unavailable`): the gateway retries. Never for a forged one."),
        },
    )
    def post(self, request, gateway):
        status_code, body = services.receive_webhook(gateway, request._request)
        headers = {"Retry-After": str(body["retry_after"])} if status_code == 429 else None
        return Response(body, status=status_code, headers=headers)


class HistoryView(generics.ListAPIView):
    """Your own orders, newest first."""

    permission_classes = [IsAuthenticated]
    serializer_class = OrderSerializer

    def get_queryset(self):
        return (Order.objects.filter(user=self.request.user).prefetch_related("invoices")
                .order_by("-created_at", "-pk"))


# --- instructors: earnings, bank details, payouts -----------------------------------------------

class IsInstructor(IsAuthenticated):
    message = "Only instructors have earnings."

    def has_permission(self, request, view):
        return super().has_permission(request, view) and may_earn(request.user)


class IsSuperuser(IsAuthenticated):
    message = "Only admins decide payouts."

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.is_superuser


class EarningsView(APIView):
    """Your own earnings: balances, per course, per month, the newest ledger lines, your payouts."""

    permission_classes = [IsInstructor]

    @extend_schema(responses={200: EarningsSerializer, 403: refusal("Not an instructor.")})
    def get(self, request):
        report = earnings_report(request.user)
        details = report["bank_details"]
        data = {**report, "threshold": platform_settings().payout_threshold,
                "bank_details": details.masked if details else None}
        return Response(EarningsSerializer(data, context={"now": report["now"]}).data)


class BankDetailsView(APIView):
    """Your bank details for payouts; the account number is never answered, only its last four digits."""

    permission_classes = [IsInstructor]

    @extend_schema(responses={200: BankDetailsSerializer, 403: refusal("Not an instructor."),
                              404: refusal("No bank details stored yet.")})
    def get(self, request):
        details = BankDetails.objects.filter(instructor=request.user).first()
        if details is None:
            raise PaymentError("No bank details stored yet.", "not_found", status=404)
        return Response(bank_answer(details))

    @extend_schema(request=BankDetailsSerializer, responses={
        200: BankDetailsSerializer,
        400: refusal("A field is wrong (`invalid_bank_details`, `fields` names it), or details are already saved and "
                     "`current_password` is missing (`password_required`) or wrong (`wrong_password`): nothing changed."),
        403: refusal("Not an instructor."),
        429: refusal("Too many wrong passwords (`too_many_attempts`): try again in 15 minutes."),
    })
    def put(self, request):
        """Save your bank details. Changing saved ones needs your current password and emails you a notice."""
        data = BankDetailsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        details = save_bank_details(request.user, **data.validated_data)
        return Response(bank_answer(details))


def bank_answer(details):
    return {"account_holder": details.account_holder, "bank_name": details.bank_name,
            "branch_code": details.branch_code, "account_type": details.account_type, "masked": details.masked}


class PayoutRequestView(APIView):
    permission_classes = [IsInstructor]

    @extend_schema(request=PayoutRequestSerializer, responses={
        201: PayoutSerializer,
        400: refusal("Below the threshold (`below_threshold`), more than available (`more_than_available`), "
                     "or no bank details (`no_bank_details`); `available` and `threshold` say how much."),
        403: refusal("Not an instructor."),
    })
    def post(self, request):
        data = PayoutRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payout = request_payout(request.user, data.validated_data.get("amount"))
        return Response(PayoutSerializer(payout).data, status=status.HTTP_201_CREATED)


class PendingPayoutsView(generics.ListAPIView):
    """Payouts waiting for an admin: requested (to approve or reject) and approved (to pay), oldest first."""

    permission_classes = [IsSuperuser]
    serializer_class = AdminPayoutSerializer

    def get_queryset(self):
        return (Payout.objects.filter(status__in=[Payout.Status.REQUESTED, Payout.Status.APPROVED])
                .select_related("instructor").order_by("requested_at", "pk"))


def decision_view(action, summary):
    class DecisionView(APIView):
        permission_classes = [IsSuperuser]

        @extend_schema(summary=summary, request=DecisionSerializer, responses={
            200: AdminPayoutSerializer, 403: refusal("Not an admin."), 404: refusal("No such payout."),
            409: refusal("The payout is not in a state this applies to (`wrong_status`), or (approve, mark paid) the "
                         "instructor's bank details changed after the request (`bank_details_changed`): reject it."),
        })
        def put(self, request, pk):
            data = DecisionSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            payout = decide(pk, request.user, action, data.validated_data.get("note", ""))
            return Response(AdminPayoutSerializer(payout).data)

    DecisionView.__name__ = f"Payout{action.title().replace('_', '')}View"
    return DecisionView


ApproveView = decision_view("approve", "Approve a requested payout")
RejectView = decision_view("reject", "Reject a payout (note: the reason); its amount returns to the balance")
MarkPaidView = decision_view("mark_paid", "Mark an approved payout paid (note: the transfer's reference)")
