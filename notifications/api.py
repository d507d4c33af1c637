"""Notifications API for the mobile client: my notices, mark read, my email choice."""

from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from lms_site.links import absolute_url

from .models import EmailPreference, Notification
from .services import mark_read, notifications_for, set_optional_emails, unread_count


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "is_read"]

    def get_url(self, notice) -> str | None:
        return absolute_url(notice.url) if notice.url else None


class WithUnreadCount(PageNumberPagination):
    """DRF's page, plus `unread_count` for the app's badge."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread_count"] = unread_count(self.request.user)
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["unread_count"] = {"type": "integer", "example": 2}
        schema["required"] = [*schema.get("required", []), "unread_count"]
        return schema


class MyNotificationsView(generics.ListAPIView):
    """My notices, newest first, with how many are unread."""

    permission_classes = [IsAuthenticated]
    serializer_class = NotificationSerializer
    pagination_class = WithUnreadCount

    def get_queryset(self):
        return notifications_for(self.request.user)


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**62), max_length=500,
                                required=False, help_text="The notices to mark read; leave out with `all`.")
    all = serializers.BooleanField(required=False, default=False, help_text="Mark every notice read.")

    def validate(self, attrs):
        if not attrs.get("all") and not attrs.get("ids"):
            raise serializers.ValidationError({"ids": ["Send the ids to mark read, or \"all\": true."]})
        return attrs


MARKED = inline_serializer("NotificationsMarked", {
    "marked": serializers.IntegerField(help_text="How many unread notices became read (others' ids are ignored)."),
    "unread_count": serializers.IntegerField(),
})


class MarkReadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=MarkReadSerializer, responses={200: MARKED}, examples=[
        OpenApiExample("Some", value={"ids": [12, 13]}, request_only=True),
        OpenApiExample("All", value={"all": True}, request_only=True),
    ])
    def post(self, request):
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        marked = mark_read(request.user, None if data.get("all") else data["ids"])
        return Response({"marked": marked, "unread_count": unread_count(request.user)})


class EmailChoiceSerializer(serializers.Serializer):
    optional_emails = serializers.BooleanField(
        help_text="false: no optional emails (enrolment confirmations, digests). Essential ones always come.")


class EmailChoiceView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: EmailChoiceSerializer})
    def get(self, request):
        preference = EmailPreference.objects.filter(user=request.user).first()
        return Response({"optional_emails": preference.optional_emails if preference else True})

    @extend_schema(request=EmailChoiceSerializer, responses={200: EmailChoiceSerializer})
    def put(self, request):
        serializer = EmailChoiceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        preference = set_optional_emails(request.user, serializer.validated_data["optional_emails"])
        return Response({"optional_emails": preference.optional_emails})
