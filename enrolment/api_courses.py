"""The course API as one learner sees it: a course's detail and its sections with lesson states.

The authoring half (create, update, delete) is `courses.api`; visibility for a user needs
enrolment, so these views live here.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.api import CourseDetailBase

from lms_site.links import absolute_url

from .outline import course_outline
from .visibility import courses_for


class CourseDetailView(CourseDetailBase):
    def visible_courses(self, user):
        return courses_for(user)


class LessonOutlineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    order = serializers.IntegerField()
    lesson_type = serializers.CharField()
    is_locked = serializers.BooleanField()
    is_completed = serializers.BooleanField()
    is_preview = serializers.BooleanField()
    estimated_minutes = serializers.IntegerField()
    lock_note = serializers.CharField(help_text="Why a locked lesson is locked, in a few words; empty when open.")
    url = serializers.URLField()


class SectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    order = serializers.IntegerField()
    lessons = LessonOutlineSerializer(many=True)


class CourseSectionsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=SectionSerializer(many=True))
    def get(self, request, pk):
        course = get_object_or_404(courses_for(request.user), pk=pk)
        outline = course_outline(request.user, course)
        data = [
            {
                "id": entry.section.pk, "title": entry.section.title, "order": position,
                "lessons": [
                    {
                        "id": s.lesson.pk, "title": s.lesson.title, "order": n, "lesson_type": s.lesson.lesson_type,
                        "is_locked": s.is_locked, "is_completed": s.is_completed, "is_preview": s.lesson.is_preview,
                        "estimated_minutes": s.lesson.estimated_minutes,
                        "lock_note": s.note if s.is_locked else "", "url": absolute_url(s.lesson.get_url()),
                    }
                    for n, s in enumerate(entry.lessons, start=1)
                ],
            }
            for position, entry in enumerate(outline.sections, start=1)
        ]
        return Response(data)
