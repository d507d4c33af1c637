"""Enrolment and lesson API: enrol, my enrolments, lesson detail, heartbeat, mark complete."""

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from courses.models import LessonPage
from lms_site.links import absolute_url
from lms_site.routing import served_page
from lms_site.schema import refusal

from .access import lesson_gate
from .api_content import lesson_content
from .models import Enrolment, LessonProgress
from .services import complete_lesson, enrol, open_lesson, record_time
from .trackers.video import record_video_progress
from .tracking import block_progress_by_id, lesson_requirements
from .visibility import courses_for


class EnrolmentSerializer(serializers.ModelSerializer):
    course_id = serializers.IntegerField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = ["id", "course_id", "enrolled_at", "progress"]

    def get_progress(self, enrolment) -> int:
        return enrolment.progress_percent


class MyEnrolmentSerializer(EnrolmentSerializer):
    course_title = serializers.CharField(source="course.title")
    course_url = serializers.SerializerMethodField()
    last_lesson_id = serializers.IntegerField(allow_null=True)

    class Meta(EnrolmentSerializer.Meta):
        fields = EnrolmentSerializer.Meta.fields + ["course_title", "course_url", "completed_at", "last_lesson_id", "source"]

    def get_course_url(self, enrolment) -> str:
        return absolute_url(enrolment.course.get_url())


class EnrolView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={
        200: EnrolmentSerializer, 201: EnrolmentSerializer,
        402: refusal("A paid course: buy it or subscribe (code payment_required)."),
        409: refusal("The course takes no new students (archived or private; code not_open)."),
    })
    def post(self, request, pk):
        course = get_object_or_404(courses_for(request.user).filter(live=True), pk=pk)
        enrolment, created = enrol(request.user, course)
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED if created else 200)


class MyEnrolmentsView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = MyEnrolmentSerializer

    def get_queryset(self):
        return (
            Enrolment.objects.filter(user=self.request.user, status=Enrolment.Status.ACTIVE)
            .select_related("course")
            # Never-opened enrolments last on every database (PostgreSQL sorts NULL first when descending).
            .order_by(F("last_accessed_at").desc(nulls_last=True), "-enrolled_at")
        )


def open_lesson_gate(request, pk):
    """(lesson, LessonAccess) for a published lesson this user may open; 404/403 as a domain error otherwise.

    The lesson row comes from the served-page cache (`lms_site.routing.served_page`), as the page does.
    """
    lesson = served_page(LessonPage, pk)
    if lesson is None:
        raise Http404("No such lesson.")
    return lesson, lesson_gate(request.user, lesson).require_open()


LOCKED = refusal(
    "The lesson is locked: log in, enrol, or finish its prerequisites first (`code` says which; "
    "`missing_prerequisites` lists them)."
)
NOT_TRACKED = refusal(
    "Progress is not recorded here: not enrolled, prerequisites missing, or the lesson is locked."
)


class LessonDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={403: LOCKED, 200: inline_serializer("LessonDetail", {
        "id": serializers.IntegerField(), "title": serializers.CharField(),
        "section": inline_serializer("LessonSection", {"id": serializers.IntegerField(), "title": serializers.CharField()}),
        "course": inline_serializer("LessonCourse", {"id": serializers.IntegerField(), "title": serializers.CharField()}),
        "order": serializers.IntegerField(), "lesson_type": serializers.CharField(),
        "content": serializers.ListField(child=serializers.DictField()),
        "requirements": serializers.ListField(child=serializers.DictField()),
        "is_preview": serializers.BooleanField(), "estimated_minutes": serializers.IntegerField(),
        "is_completed": serializers.BooleanField(), "is_locked": serializers.BooleanField(),
        "next_lesson_id": serializers.IntegerField(allow_null=True),
        "previous_lesson_id": serializers.IntegerField(allow_null=True),
    })})
    def get(self, request, pk):
        lesson, access = open_lesson_gate(request, pk)
        outline = access.outline
        if access.enrolment:
            open_lesson(request.user, lesson, access)  # resume point and heartbeat clock, as the page does
        rows = block_progress_by_id(request.user, lesson) if access.enrolment else {}
        requirements = lesson_requirements(request.user, lesson, rows)
        previous, following = outline.neighbours(lesson.pk)
        section = next(entry for entry in outline.sections if any(s.lesson.pk == lesson.pk for s in entry.lessons))
        order = [s.lesson.pk for s in section.lessons].index(lesson.pk) + 1
        return Response({
            "id": lesson.pk,
            "title": lesson.title,
            "section": {"id": section.section.pk, "title": section.section.title},
            "course": {"id": outline.course.pk, "title": outline.course.title},
            "order": order,
            "lesson_type": lesson.lesson_type,
            "content": lesson_content(lesson, request, access, rows, requirements),
            "requirements": [r.as_dict() for r in requirements],
            "is_preview": lesson.is_preview,
            "estimated_minutes": lesson.estimated_minutes,
            "is_completed": access.is_completed,
            "is_locked": False,
            "next_lesson_id": following.lesson.pk if following else None,
            "previous_lesson_id": previous.lesson.pk if previous else None,
        })


class ProgressSerializer(serializers.Serializer):
    """Either a heartbeat ({time_spent}) or a video report ({block_id, intervals, position})."""

    time_spent = serializers.IntegerField(min_value=0, max_value=3600, required=False)
    block_id = serializers.CharField(max_length=64, required=False)
    intervals = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(min_value=0), min_length=2, max_length=2),
        max_length=500, required=False,
    )
    position = serializers.FloatField(min_value=0, required=False)

    def validate(self, attrs):
        if "block_id" in attrs:
            if "intervals" not in attrs:
                raise serializers.ValidationError({"intervals": "Send the intervals played, e.g. [[0, 12.5]]."})
        elif "time_spent" not in attrs:
            raise serializers.ValidationError(
                {"time_spent": "Send time_spent in seconds, or block_id with intervals for a video."}
            )
        return attrs


PROGRESS_RESPONSE = inline_serializer("LessonProgress", {
    "lesson_id": serializers.IntegerField(), "status": serializers.CharField(),
    "time_spent": serializers.IntegerField(), "is_completed": serializers.BooleanField(),
})
VIDEO_PROGRESS_RESPONSE = inline_serializer("VideoProgress", {
    "block_id": serializers.CharField(), "watched_percent": serializers.IntegerField(),
    "watched_seconds": serializers.FloatField(), "position": serializers.FloatField(),
    "is_satisfied": serializers.BooleanField(), "lesson_completed": serializers.BooleanField(),
    "needs": serializers.CharField(), "credited_seconds": serializers.FloatField(),
})


def _progress_body(progress):
    return {
        "lesson_id": progress.lesson_id,
        "status": progress.status,
        "time_spent": progress.time_spent_seconds,
        "is_completed": progress.status == LessonProgress.Status.COMPLETED,
    }


class TrackingThrottled:
    """Reports of progress are rate limited per user (the "tracking" rate), on top of the clock bounds."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "tracking"


class LessonProgressView(TrackingThrottled, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ProgressSerializer, responses={200: PolymorphicProxySerializer(
        component_name="ProgressAnswer", serializers=[PROGRESS_RESPONSE, VIDEO_PROGRESS_RESPONSE], resource_type_field_name=None,
    ), 403: NOT_TRACKED, 409: refusal("This video has no known length, so it is not tracked.")})
    def put(self, request, pk):
        lesson = get_object_or_404(LessonPage.objects.live(), pk=pk)
        serializer = ProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        access = lesson_gate(request.user, lesson).require_open()
        data = serializer.validated_data
        if "block_id" in data:
            return Response(record_video_progress(
                request.user, lesson, data["block_id"], data["intervals"], data.get("position"), access=access
            ))
        return Response(_progress_body(record_time(request.user, lesson, data["time_spent"], access=access)))


class LessonCompleteView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: inline_serializer("LessonCompleted", {
        "lesson_id": serializers.IntegerField(), "is_completed": serializers.BooleanField(),
        "course_progress": serializers.IntegerField(), "course_completed": serializers.BooleanField(),
        "next_lesson_id": serializers.IntegerField(allow_null=True),
    }), 403: NOT_TRACKED, 409: refusal("The lesson completes through its activities (code activities_pending).")})
    def post(self, request, pk):
        lesson, access = open_lesson_gate(request, pk)
        complete_lesson(request.user, lesson, access=access)
        # The course order has not changed; only the enrolment's numbers have, so re-read just those.
        _, following = access.outline.neighbours(lesson.pk)
        enrolment = Enrolment.objects.get(pk=access.enrolment.pk)
        return Response({
            "lesson_id": lesson.pk,
            "is_completed": True,
            "course_progress": enrolment.progress_percent,
            "course_completed": enrolment.completed_at is not None,
            "next_lesson_id": following.lesson.pk if following else None,
        })
