"""`POST /api/xapi/statements/`: xAPI statements from self-hosted H5P content.

The lesson page's H5P player (static/js/h5p-block.js) posts each statement it emits with the
lesson and block it belongs to. We store it as received, except that the actor becomes our idea
of the user, so the statements can be exported to an LRS later. A statement that says the
activity was done completes the block when its score reaches the block's pass mark:

- `completed` or `passed`, or `answered` with `result.completion: true` (H5P question types send
  `answered`, never `completed`), about the activity itself (not one of its sub-questions);
- with `result.score.scaled * 100 >= pass_percent`; without a score only when the pass mark is 0.

The actor is pseudonymous: `{"objectType": "Agent", "account": {"homePage": SITE_URL, "name":
"<user id>"}}`. An LRS sees a stable id per student and no name or email address.

Only an enrolled student who may open the lesson can post (course staff previewing a lesson
have no enrolment to track). Anything refused gets a clear 4xx and nothing is stored.

What one student can make us store is bounded: each request by the "tracking" throttle (per
user), each statement by XAPI_MAX_STATEMENT_SIZE, and each block by MAX_STATEMENTS_PER_BLOCK
statements per student; past that the answer is 429 `quota_exceeded` and nothing changes.
"""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.models import LessonPage

from lms_site.parsers import TooDeep, loads_bounded
from lms_site.schema import refusal

from .access import gate_for
from .api import NOT_TRACKED, TrackingThrottled
from .errors import EnrolmentError
from .models import XAPIStatement
from .trackers.h5p import best_score
from .tracking import block_result, find_block, lock_block_progress, satisfy_block

COMPLETION_VERBS = {"completed", "answered", "passed"}
SUB_CONTENT_EXTENSION = "http://h5p.org/x-api/h5p-subContentId"
# The lesson page posts only the verbs that matter (a few per attempt): 200 is dozens of attempts
# at one activity, while a script replaying statements stops at 200 x 64 KB per block.
MAX_STATEMENTS_PER_BLOCK = 200


def max_body_size():
    return int(getattr(settings, "XAPI_MAX_STATEMENT_SIZE", 64 * 1024))


def actor_for(user):
    return {"objectType": "Agent", "account": {"homePage": settings.SITE_URL, "name": str(user.pk)}}


def _invalid(message):
    return EnrolmentError(message, "invalid_statement", status=400)


def _number(value):
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


def verb_name(verb_id):
    """`http://adlnet.gov/expapi/verbs/answered` -> `answered`."""
    return verb_id.rstrip("/").rsplit("/", 1)[-1].lower()


def clean_statement(statement):
    """Validate the parts of a statement we rely on; return (verb IRI, scaled, completion, success)."""
    if not isinstance(statement, dict):
        raise _invalid("statement must be an xAPI statement (a JSON object).")
    verb = statement.get("verb")
    if not isinstance(verb, dict) or not isinstance(verb.get("id"), str) or not verb["id"].strip():
        raise _invalid("statement.verb.id must be the verb's IRI, e.g. http://adlnet.gov/expapi/verbs/answered.")
    verb_id = verb["id"].strip()
    if len(verb_id) > 255 or "://" not in verb_id:
        raise _invalid("statement.verb.id must be an IRI of at most 255 characters.")
    if "object" in statement and not isinstance(statement["object"], dict):
        raise _invalid("statement.object must be a JSON object.")
    result = statement.get("result")
    if result is None:
        return verb_id, None, None, None
    if not isinstance(result, dict):
        raise _invalid("statement.result must be a JSON object.")
    completion, success = result.get("completion"), result.get("success")
    for key, value in (("completion", completion), ("success", success)):
        if value is not None and not isinstance(value, bool):
            raise _invalid(f"statement.result.{key} must be true or false.")
    score = result.get("score")
    scaled = None
    if score is not None:
        if not isinstance(score, dict):
            raise _invalid("statement.result.score must be a JSON object.")
        for key in ("scaled", "raw", "min", "max"):
            if key in score and not _number(score[key]):
                raise _invalid(f"statement.result.score.{key} must be a number.")
        if "scaled" in score:
            scaled = float(score["scaled"])
            if not -1 <= scaled <= 1:
                raise _invalid("statement.result.score.scaled must be between -1 and 1.")
        elif "raw" in score and "max" in score and score["max"] > score.get("min", 0):
            low = score.get("min", 0)
            scaled = max(-1.0, min(1.0, (score["raw"] - low) / (score["max"] - low)))
    return verb_id, scaled, completion, success


def is_sub_content(statement):
    """A statement about one question inside a compound activity (Question Set, Course Presentation)."""
    target = statement.get("object") if isinstance(statement.get("object"), dict) else {}
    extensions = (target.get("definition") or {}).get("extensions") if isinstance(target.get("definition"), dict) else None
    if isinstance(extensions, dict) and extensions.get(SUB_CONTENT_EXTENSION):
        return True
    context = statement.get("context") if isinstance(statement.get("context"), dict) else {}
    activities = context.get("contextActivities") if isinstance(context.get("contextActivities"), dict) else {}
    return bool(activities.get("parent"))


def counts_as_done(statement, verb_id, completion):
    """Does this statement say the whole activity was finished (score decides pass or not)?"""
    name = verb_name(verb_id)
    if name not in COMPLETION_VERBS or is_sub_content(statement):
        return False
    if name == "answered":
        return completion is True
    return completion is not False


def percent_of(scaled):
    return None if scaled is None else Decimal(str(scaled * 100)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def parse_body(request):
    """(lesson_id, block_id, statement) from the request, or raise EnrolmentError (400/413)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    limit = max_body_size()
    if declared > limit or len(request.body) > limit:
        raise EnrolmentError(f"The statement is larger than {limit // 1024} KB.", "too_large", status=413)
    try:
        body = loads_bounded(request.body or b"null")
    except TooDeep as error:
        raise _invalid(str(error)) from None
    except (UnicodeDecodeError, ValueError):
        raise _invalid("Send a JSON object: {lesson_id, block_id, statement}.")
    if not isinstance(body, dict):
        raise _invalid("Send a JSON object: {lesson_id, block_id, statement}.")
    lesson_id, block_id = body.get("lesson_id"), body.get("block_id")
    if isinstance(lesson_id, bool) or not isinstance(lesson_id, int) or lesson_id <= 0 or lesson_id >= 2**63:
        raise _invalid("lesson_id must be the lesson's id (a positive whole number).")
    if not isinstance(block_id, str) or not block_id or len(block_id) > 64:
        raise _invalid("block_id must be the H5P block's id.")
    if "statement" not in body:
        raise _invalid("statement is missing.")
    return lesson_id, block_id, body["statement"]


def find_h5p_block(lesson, block_id):
    block = find_block(lesson, block_id, "h5p")
    if block.value.get("mode") != "package":
        raise EnrolmentError(
            "This H5P activity is hosted elsewhere; its statements are not recorded here.", "hosted", status=400
        )
    return block


def require_quota(user, lesson, block):
    """Raise 429 `quota_exceeded` once this student has MAX_STATEMENTS_PER_BLOCK statements stored for the block."""
    stored = XAPIStatement.objects.filter(user=user, lesson=lesson, block_id=block.id).count()
    if stored >= MAX_STATEMENTS_PER_BLOCK:
        raise EnrolmentError(
            f"This activity has recorded the most answers it keeps for you ({MAX_STATEMENTS_PER_BLOCK}); "
            "further answers are not recorded.",
            "quota_exceeded", status=429,
        )


def record_statement(user, lesson, block_id, statement, access=None):
    """Store one statement for an enrolled student and complete the block when it passes."""
    access = gate_for(user, lesson, access).require_tracking()
    block = find_h5p_block(lesson, block_id)
    verb_id, scaled, completion, success = clean_statement(statement)
    stored = dict(statement)
    stored["actor"] = actor_for(user)
    score = percent_of(scaled)
    done = counts_as_done(statement, verb_id, completion)
    pass_percent = block.value.get("pass_percent") or 0
    passed = done and (score >= pass_percent if score is not None else pass_percent == 0)

    with transaction.atomic():
        # The row lock first: concurrent posts for this block then count one after another.
        row = lock_block_progress(user, lesson, block)
        require_quota(user, lesson, block)
        XAPIStatement.objects.create(
            user=user, lesson=lesson, block_id=block.id, verb=verb_id,
            score_scaled=None if scaled is None else Decimal(str(scaled)).quantize(Decimal("0.0001"), ROUND_HALF_UP),
            completion=completion, success=success, statement=stored,
        )
        if done and score is not None and (row.score is None or score > row.score):
            row.score = score
            row.save(update_fields=["score", "updated_at"])
        lesson_completed = satisfy_block(row, access.enrolment) if passed else False
    return block_result(
        access, block, row, lesson_completed,
        stored=True, verb=verb_name(verb_id), counted=done,
        score_percent=None if score is None else float(score),
        best_score_percent=best_score(row), pass_percent=pass_percent,
    )


XAPI_REQUEST = inline_serializer("XAPIStatementRequest", {
    "lesson_id": serializers.IntegerField(),
    "block_id": serializers.CharField(),
    "statement": serializers.DictField(help_text="An xAPI statement as the H5P player emitted it."),
})
XAPI_RESPONSE = inline_serializer("XAPIStatementResult", {
    "block_id": serializers.CharField(),
    "stored": serializers.BooleanField(),
    "verb": serializers.CharField(),
    "counted": serializers.BooleanField(),
    "score_percent": serializers.FloatField(allow_null=True),
    "best_score_percent": serializers.FloatField(allow_null=True),
    "pass_percent": serializers.IntegerField(),
    "is_satisfied": serializers.BooleanField(),
    "lesson_completed": serializers.BooleanField(),
    "needs": serializers.CharField(),
})


class XAPIStatementView(TrackingThrottled, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=XAPI_REQUEST,
        responses={
            200: XAPI_RESPONSE,
            400: refusal("Not a statement we can read, or no uploaded H5P block with that id."),
            403: NOT_TRACKED,
            404: refusal("No such published lesson."),
            413: refusal("The statement is too large."),
        },
        examples=[OpenApiExample("A correct answer", request_only=True, value={
            "lesson_id": 42, "block_id": "3f1c…",
            "statement": {
                "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                "object": {"id": "https://example.org/lesson#block"},
                "result": {"score": {"min": 0, "max": 1, "raw": 1, "scaled": 1}, "completion": True, "success": True},
            },
        })],
    )
    def post(self, request):
        lesson_id, block_id, statement = parse_body(request)
        lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
        return Response(record_statement(request.user, lesson, block_id, statement))
