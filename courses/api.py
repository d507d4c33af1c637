"""Course API: catalogue list, detail, instructor create/update/delete, and the course structure."""

import html
import re
from decimal import Decimal

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.utils.text import slugify
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.actions.delete_page import DeletePageAction

from lms_site.links import absolute_url
from lms_site.schema import refusal
from lms_site.visitor_cache import share_with_visitors

from . import thumbnails
from .catalogue import (
    ORDERINGS, filter_courses, order_courses, published_courses, with_card_data, with_thumbnail_renditions,
)
from .extensions import progress_for
from .models import Category, CourseIndexPage, CoursePage, Difficulty
from .pricing import PricingType, pricing_problem
from .wagtail_hooks import may_author_in


BLOCK_END = re.compile(r"</(?:p|h[1-6]|ul|ol|blockquote)\s*>", re.IGNORECASE)
LINE_BREAK = re.compile(r"</li\s*>|<br\s*/?>", re.IGNORECASE)
BLANK_LINES = re.compile(r"\n\s*\n\s*")


class InstructorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug"]


class CourseSerializer(serializers.ModelSerializer):
    """Appendix C's course item, plus pricing_type, is_enrolled and progress for the signed-in user."""

    description = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    instructor = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()
    category = CategorySerializer(read_only=True, allow_null=True)
    is_enrolled = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    student_count = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = CoursePage
        fields = [
            "id", "title", "slug", "description", "thumbnail_url", "instructor", "price", "currency",
            "pricing_type", "category", "difficulty", "is_enrolled", "progress", "student_count", "rating", "url",
        ]

    def _progress(self, course):
        return self.context.get("progress", {}).get(course.pk)

    def get_description(self, course) -> str:
        # Plain text, as the write API takes it: paragraphs apart by a blank line, entities decoded.
        text = BLOCK_END.sub("\n\n", course.description or "")
        text = LINE_BREAK.sub("\n", text)
        return BLANK_LINES.sub("\n\n", html.unescape(strip_tags(text))).strip()

    def get_thumbnail_url(self, course) -> str | None:
        if not course.thumbnail_id:
            return None
        return absolute_url(thumbnails.rendition(course.thumbnail).url)

    def get_instructor(self, course) -> dict | None:
        person = course.instructor or course.owner
        return {"id": person.pk, "name": person.display_name} if person else None

    def get_currency(self, course) -> str:
        return course.currency

    def get_is_enrolled(self, course) -> bool:
        return self._progress(course) is not None

    def get_progress(self, course) -> int | None:
        value = self._progress(course)
        return int(value) if value is not None else None

    def get_student_count(self, course) -> int:
        return getattr(course, "student_count", 0)

    def get_rating(self, course) -> float | None:
        return None  # ratings are not collected yet

    def get_url(self, course) -> str:
        return absolute_url(course.get_url())


class CourseDetailSerializer(CourseSerializer):
    enrollment_id = serializers.SerializerMethodField()
    is_archived = serializers.BooleanField(read_only=True)
    is_published = serializers.BooleanField(source="live", read_only=True)
    has_unpublished_changes = serializers.BooleanField(read_only=True)
    lesson_count = serializers.SerializerMethodField()
    outcomes = serializers.ListField(
        source="outcome_list", child=serializers.CharField(), read_only=True,
        help_text="What you will learn: the course's outcomes, in the order the course page lists them.",
    )

    class Meta(CourseSerializer.Meta):
        fields = CourseSerializer.Meta.fields + [
            "enrollment_id", "is_archived", "is_published", "has_unpublished_changes", "lesson_count", "outcomes",
        ]

    def get_enrollment_id(self, course) -> int | None:
        return self.context.get("enrolment_ids", {}).get(course.pk)

    def get_lesson_count(self, course) -> int:
        return course.lessons().count()


class CourseWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(max_length=10000)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), required=False, allow_null=True)
    difficulty = serializers.ChoiceField(choices=Difficulty.choices, default=Difficulty.BEGINNER)
    pricing_type = serializers.ChoiceField(choices=PricingType.choices, default=PricingType.FREE)
    price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.00"), default=Decimal("0.00"))

    def validate(self, attrs):
        pricing = attrs.get("pricing_type", getattr(self.instance, "pricing_type", PricingType.FREE))
        price = attrs.get("price", getattr(self.instance, "price", Decimal("0.00")))
        problem = pricing_problem(pricing, price)
        if problem:
            raise serializers.ValidationError({"price": problem})
        return attrs


def progress_context(request, courses):
    """The serializers' per-viewer context: progress and enrolment id by course (courses.extensions)."""
    found = progress_for(request.user, [c.pk for c in courses])
    return {
        "progress": {pk: progress for pk, (progress, _) in found.items()},
        "enrolment_ids": {pk: enrolment_id for pk, (_, enrolment_id) in found.items()},
    }


def _apply(course, data):
    for name in ("title", "difficulty", "pricing_type", "price"):
        if name in data:
            setattr(course, name, data[name])
    if "category" in data:
        course.category = data["category"]
    if "description" in data:
        # Plain text from the API becomes paragraphs of rich text.
        from django.utils.html import escape

        course.description = "".join(f"<p>{escape(p)}</p>" for p in data["description"].split("\n\n") if p.strip())


class CourseFiltersSerializer(serializers.Serializer):
    """The catalogue's query string; a value that can match nothing by its form is a 400, not an empty page."""

    search = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="words of the title or description")
    category = serializers.SlugField(required=False, allow_blank=True, max_length=255, help_text="category slug")
    difficulty = serializers.ChoiceField(choices=Difficulty.choices, required=False, allow_blank=True)
    pricing_type = serializers.ChoiceField(choices=PricingType.choices, required=False, allow_blank=True)
    ordering = serializers.ChoiceField(
        choices=list(ORDERINGS.items()), required=False, allow_blank=True,
        help_text="relevance (the default: best match when searching, else by title), newest, "
        "popular (most active students), price (low to high) or -price (high to low)",
    )


class CourseListCreateView(generics.GenericAPIView):
    serializer_class = CourseSerializer

    def get_queryset(self):
        filters = CourseFiltersSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        params = filters.validated_data
        queryset = filter_courses(
            published_courses(), q=params.get("search", ""), category=params.get("category", ""),
            difficulty=params.get("difficulty", ""), pricing=params.get("pricing_type", ""),
        )
        return with_thumbnail_renditions(order_courses(with_card_data(queryset), params.get("ordering", "")))

    @extend_schema(operation_id="courses_list", parameters=[CourseFiltersSerializer], responses=CourseSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        context = {"request": request, **progress_context(request, page)}
        response = self.get_paginated_response(CourseSerializer(page, many=True, context=context).data)
        return share_with_visitors(request, response)  # the same list for every anonymous caller

    @extend_schema(request=CourseWriteSerializer, responses={
        201: CourseDetailSerializer, 403: refusal("Only instructors create courses."),
    })
    def post(self, request):
        index = CourseIndexPage.objects.first()
        if not request.user.is_authenticated:
            raise PermissionDenied("Log in as an instructor to create courses.")
        if index is None or not index.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied("Only instructors can create courses.")
        serializer = CourseWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        course = CoursePage(owner=request.user, live=False, slug=_unique_slug(index, serializer.validated_data["title"]))
        _apply(course, serializer.validated_data)
        with transaction.atomic():
            index.add_child(instance=course)
            course.save_revision(user=request.user, log_action=True)
        return Response(_detail(request, course), status=status.HTTP_201_CREATED)


def _unique_slug(index, title):
    base = slugify(title)[:200] or "course"
    slug, n = base, 2
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _detail(request, course):
    course = with_card_data(CoursePage.objects.filter(pk=course.pk)).get()
    return CourseDetailSerializer(course, context={"request": request, **progress_context(request, [course])}).data


NOT_YOURS = refusal("You can only change your own courses.")


class CourseDetailBase(APIView):
    """GET, PUT, PATCH and DELETE of one course. Which courses a user may see depends on enrolment,
    so the URL is served by `enrolment.api_courses.CourseDetailView`, which names `visible_courses`."""

    permission_classes = [IsAuthenticatedOrReadOnly]  # anonymous writes answer 401, like every other write

    def visible_courses(self, user):
        raise NotImplementedError

    def get_object(self, request, pk):
        return get_object_or_404(self.visible_courses(request.user), pk=pk)

    @extend_schema(responses=CourseDetailSerializer, operation_id="courses_retrieve")
    def get(self, request, pk):
        return Response(_detail(request, self.get_object(request, pk)))

    def _editable(self, request, pk):
        if not request.user.is_authenticated:
            raise PermissionDenied("Log in to change courses.")
        course = self.get_object(request, pk)
        perms = course.permissions_for_user(request.user)
        if not perms.can_edit() or not may_author_in(request.user, course):
            raise PermissionDenied("You can only change your own courses.")
        return course, perms

    @extend_schema(request=CourseWriteSerializer, responses={200: CourseDetailSerializer, 403: NOT_YOURS})
    def put(self, request, pk):
        return self._update(request, pk, partial=False)

    @extend_schema(request=CourseWriteSerializer, responses={200: CourseDetailSerializer, 403: NOT_YOURS})
    def patch(self, request, pk):
        return self._update(request, pk, partial=True)

    def _update(self, request, pk, partial):
        course, _ = self._editable(request, pk)
        draft = course.get_latest_revision_as_object()
        serializer = CourseWriteSerializer(draft, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        _apply(draft, serializer.validated_data)
        with transaction.atomic():
            if not course.live:
                draft.save()
            # A published course keeps its live version until a moderator approves the change.
            draft.save_revision(user=request.user, log_action=True)
        return Response(_detail(request, course))

    @extend_schema(responses={204: None, 403: refusal(
        "Not your course, or it is published (archive it instead) or still has sections."
    )})
    def delete(self, request, pk):
        course, perms = self._editable(request, pk)
        if not perms.can_delete():
            raise PermissionDenied("A published course cannot be deleted by its author; archive it or ask a moderator.")
        DeletePageAction(course, user=request.user).execute(skip_permission_checks=True)
        return Response(status=status.HTTP_204_NO_CONTENT)
