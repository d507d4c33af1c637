"""Payments API: start a checkout, and the buyer's own payment history."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from lms_site.schema import refusal

from . import services
from .models import Order
from .serializers import InitiateSerializer, OrderSerializer, OrderStartedSerializer


def started(order, checkout):
    return {"reference": order.reference, "status": order.status, "amount": order.amount, "vat": order.vat,
            "currency": order.currency, "gateway": order.gateway, **checkout.as_api()}


class InitiateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=InitiateSerializer, responses={
        201: OrderStartedSerializer,
        400: refusal("Not valid, an unknown gateway (`unknown_gateway`), a course not sold on its own "
                     "(`not_for_sale`) or one you already have (`already_owned`)."),
        404: refusal("No such course that you may see."),
        409: refusal("The course takes no new students (`not_open`)."),
        502: refusal("The gateway refused or could not be reached (`gateway_refused`, `gateway_unreachable`)."),
        503: refusal("The gateway is not configured on this site (`gateway_unavailable`)."),
    })
    def post(self, request):
        data = InitiateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order, checkout = services.start_checkout(request.user, data.validated_data["gateway"],
                                                  course_id=data.validated_data["course_id"])
        return Response(OrderStartedSerializer(started(order, checkout)).data, status=status.HTTP_201_CREATED)


class HistoryView(generics.ListAPIView):
    """Your own orders, newest first."""

    permission_classes = [IsAuthenticated]
    serializer_class = OrderSerializer

    def get_queryset(self):
        return (Order.objects.filter(user=self.request.user).prefetch_related("invoices")
                .order_by("-created_at", "-pk"))
