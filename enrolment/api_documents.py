"""POST /api/lessons/{id}/documents/{block_id}/opened/: the student opened a PDF block's preview."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from lms_site.schema import refusal

from .api import NOT_TRACKED, TrackingThrottled, open_lesson_gate
from .documents import record_document_open

DOCUMENT_OPENED = inline_serializer("DocumentOpened", {
    "block_id": serializers.CharField(),
    "is_satisfied": serializers.BooleanField(),
    "lesson_completed": serializers.BooleanField(),
    "needs": serializers.CharField(help_text="What the block still needs, in words; empty when done or not required."),
    "open_count": serializers.IntegerField(),
    "download_count": serializers.IntegerField(),
})


class DocumentOpenedView(TrackingThrottled, APIView):
    """Record one opening of a PDF block; a block that counts when opened is satisfied (once)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            200: DOCUMENT_OPENED,
            400: refusal("No PDF block with that id in this lesson."),
            403: NOT_TRACKED,
            404: refusal("No such published lesson."),
        },
    )
    def post(self, request, pk, block_id):
        lesson, access = open_lesson_gate(request, pk)
        return Response(record_document_open(request.user, lesson, block_id, download=False, access=access))
