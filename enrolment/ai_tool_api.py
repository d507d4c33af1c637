"""The two endpoints an AI tool's server calls (docs/ai-tools.md).

Both are server-to-server: no session, no JWT login, no CSRF. The caller proves who it is with
its secret (`Authorization: Bearer <secret>`), and the launch token says for which student,
lesson and block. A completion is stored only here; the browser's postMessage never counts.
"""

import json
import math
from decimal import Decimal

from django.db import IntegrityError, transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.ai_tools import AIToolError, authenticate_tool, timestamp, user_for, verify_launch_token
from courses.models import LessonPage

from .access import lesson_gate
from .models import AIToolSession
from .tracking import find_block, lock_block_progress, satisfy_block

MAX_DATA_BYTES = 16 * 1024
MAX_TIME_SPENT = 24 * 3600


def verified_call(request, purpose):
    """(tool, claims, user) for a request carrying a tool secret and a launch token; raises AIToolError."""
    tool = authenticate_tool(request.headers.get("Authorization", ""))
    if not isinstance(request.data, dict):
        raise AIToolError("Send a JSON object.", "invalid", 400)
    claims = verify_launch_token(request.data.get("token"), tool, purpose=purpose)
    return tool, claims, user_for(claims)


def clean_completion(data):
    """(score or None, time_spent, data) from a completion body; raises AIToolError(400)."""
    score = data.get("score")
    if score is not None:
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not math.isfinite(score) or not 0 <= score <= 100:
            raise AIToolError("score must be a number from 0 to 100.", "invalid", 400)
        score = Decimal(str(score)).quantize(Decimal("0.01"))
    time_spent = data.get("time_spent", 0)
    if time_spent is None:
        time_spent = 0
    if isinstance(time_spent, bool) or not isinstance(time_spent, int) or not 0 <= time_spent <= MAX_TIME_SPENT:
        raise AIToolError(f"time_spent must be whole seconds from 0 to {MAX_TIME_SPENT}.", "invalid", 400)
    extra = data.get("data", {})
    if extra is None:
        extra = {}
    if not isinstance(extra, dict):
        raise AIToolError("data must be a JSON object.", "invalid", 400)
    if len(json.dumps(extra, separators=(",", ":"))) > MAX_DATA_BYTES:
        raise AIToolError(f"data must be at most {MAX_DATA_BYTES // 1024} KB of JSON.", "invalid", 400)
    return score, time_spent, extra


def record_completion(tool, claims, user, score=None, time_spent=0, data=None):
    """Store the tool's report for the token's student and satisfy the block; raises AIToolError.

    The student, lesson and block come only from the signed token, so a token issued to one
    student can never complete for another.
    """
    lesson = LessonPage.objects.live().filter(pk=claims["lesson"]).first()
    if lesson is None:
        raise AIToolError("This lesson is not published.", "not_found", 404)
    access = lesson_gate(user, lesson).require_tracking()
    block = find_block(lesson, claims["block"], "ai_tool")
    if getattr(block.value.get("tool"), "pk", None) != tool.pk:
        raise AIToolError("This lesson's block uses another tool.", "wrong_tool", 403)
    if AIToolSession.objects.filter(token_id=claims["jti"]).exists():
        raise AIToolError("This token has already been used to report a completion.", "token_used", 409)
    try:
        with transaction.atomic():
            AIToolSession.objects.create(
                user=user, lesson=lesson, block_id=block.id, tool=tool, token_id=claims["jti"],
                score=score, time_spent_seconds=time_spent, data=data or {},
            )
            row = lock_block_progress(user, lesson, block)
            if score is not None and (row.score is None or score > row.score):
                row.score = score
                row.save(update_fields=["score", "updated_at"])
            lesson_completed = satisfy_block(row, access.enrolment)
    except IntegrityError:
        # The same token raced us here: the other request stored it, this one stores nothing.
        raise AIToolError("This token has already been used to report a completion.", "token_used", 409) from None
    return {
        "stored": True,
        "is_satisfied": row.is_satisfied,
        "best_score": float(row.score) if row.score is not None else None,
        "lesson_completed": lesson_completed or access.is_completed,
    }


class ToolCallView(APIView):
    """Called by a tool's server: it authenticates with its secret, never a user session."""

    authentication_classes = []
    permission_classes = [AllowAny]
    refusal_flag = "stored"  # a refusal answers {"stored": false, "detail": ..., "code": ...}


TOKEN_REQUEST = inline_serializer("AIToolTokenRequest", {"token": serializers.CharField()})
TOKEN_REFUSAL = OpenApiResponse(inline_serializer("AIToolTokenRefusal", {
    "valid": serializers.BooleanField(), "detail": serializers.CharField(), "code": serializers.CharField(),
}), description="`valid` is false; `code` says why.")
COMPLETION_REFUSAL = OpenApiResponse(inline_serializer("AIToolCompletionRefusal", {
    "stored": serializers.BooleanField(), "detail": serializers.CharField(), "code": serializers.CharField(),
}), description="`stored` is false; `code` says why.")


class ValidateTokenView(ToolCallView):
    refusal_flag = "valid"

    @extend_schema(
        request=TOKEN_REQUEST,
        responses={
            200: inline_serializer("AIToolTokenValid", {
                "valid": serializers.BooleanField(),
                "student": inline_serializer("AIToolStudent", {
                    "id": serializers.CharField(), "first_name": serializers.CharField(),
                }),
                "params": serializers.DictField(), "lesson_id": serializers.IntegerField(),
                "block_id": serializers.CharField(), "expires_at": serializers.DateTimeField(),
                "complete_by": serializers.DateTimeField(),
            }),
            400: TOKEN_REFUSAL, 401: TOKEN_REFUSAL, 403: TOKEN_REFUSAL,
            413: TOKEN_REFUSAL, 415: TOKEN_REFUSAL,
        },
        summary="AI tool: check a launch token (tool secret as Bearer)",
    )
    def post(self, request):
        _, claims, user = verified_call(request, "validate")
        return Response({
            "valid": True,
            "student": {"id": claims["sub"], "first_name": user.first_name},
            "params": claims["params"],
            "lesson_id": claims["lesson"],
            "block_id": claims["block"],
            "expires_at": timestamp(claims["exp"]),
            "complete_by": timestamp(claims["cmp"]),
        })


class CompleteView(ToolCallView):
    @extend_schema(
        request=inline_serializer("AIToolCompletion", {
            "token": serializers.CharField(),
            "score": serializers.FloatField(required=False, min_value=0, max_value=100),
            "time_spent": serializers.IntegerField(required=False, min_value=0),
            "data": serializers.DictField(required=False),
        }),
        responses={
            200: inline_serializer("AIToolCompleted", {
                "stored": serializers.BooleanField(), "is_satisfied": serializers.BooleanField(),
                "best_score": serializers.FloatField(allow_null=True), "lesson_completed": serializers.BooleanField(),
            }),
            400: COMPLETION_REFUSAL, 401: COMPLETION_REFUSAL, 403: COMPLETION_REFUSAL,
            404: COMPLETION_REFUSAL, 409: COMPLETION_REFUSAL, 413: COMPLETION_REFUSAL, 415: COMPLETION_REFUSAL,
        },
        summary="AI tool: report that the student finished (tool secret as Bearer)",
    )
    def post(self, request):
        tool, claims, user = verified_call(request, "complete")
        score, time_spent, data = clean_completion(request.data)
        return Response(record_completion(tool, claims, user, score, time_spent, data))
