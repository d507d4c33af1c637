"""Wagtail hooks of the enrolment app: private lesson documents and the document usage report."""

import datetime

import django_filters
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.reports import ReportView

from accounts.bearer import request_user
from courses.extensions import COURSE_CONTEXT, COURSE_PROGRESS, SERVE_LESSON
from courses.roles import staff_courses
from lms_site.spreadsheets import SafeSpreadsheetExportMixin

from .documents import count_download, document_access, document_usage_for, usage_rows
from .models import BlockProgress, Enrolment
from .outline import course_outline
from .views import serve_lesson

def refused_document(request, refusal):
    """The site's page saying why a lesson document is not theirs to open (403), or 404 when its course is hidden."""
    if refusal.status == 404:
        raise Http404("No such document.")
    if request.user.is_authenticated:
        message = "Only the students of its course (once the lesson is open to them) and its teachers can open it."
    else:
        message = "Log in and enrol in its course to open it."
    response = TemplateResponse(request, "enrolment/document_refused.html", {"message": message}, status=403)
    response["Cache-Control"] = "private, no-store"
    return response


@hooks.register("before_serve_document")
def protect_lesson_documents(document, request):
    """Lesson documents answer only to people who may open one of the lessons that use them."""
    user = request_user(request)  # the session, or a mobile client's Bearer token
    access = document_access(user, document)
    if not access.allowed:
        return refused_document(request, access.refusal)
    if access.is_lesson_document:
        count_download(request, user, document, access.lessons)
    return None


# --- Report: opens and downloads of lesson PDFs per student ---------------------------------


class DocumentUsageFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label="Course", empty_label="All my courses", method="filter_course",
        queryset=lambda request: staff_courses(request.user).order_by("title"),
    )

    class Meta:
        model = BlockProgress
        fields = []

    def filter_course(self, queryset, name, value):
        return queryset.filter(lesson__path__startswith=value.path) if value else queryset


class UsagePaginator(WagtailPaginator):
    verbose_name = "student and document"
    verbose_name_plural = "students and documents"


class DocumentUsageReport(SafeSpreadsheetExportMixin, ReportView):
    page_title = "Lesson documents"
    header_icon = "doc-full"
    results_template_name = "enrolment/reports/document_usage.html"
    index_url_name = "enrolment_document_usage"
    index_results_url_name = "enrolment_document_usage_results"
    filterset_class = DocumentUsageFilterSet
    paginate_by = 100
    paginator_class = UsagePaginator
    list_export = ["course", "lesson", "document", "student", "email", "opens", "downloads", "satisfied"]
    export_headings = {"satisfied": "Requirement met"}

    def get_queryset(self):
        return document_usage_for(self.request.user)

    def decorate_paginated_queryset(self, object_list):
        return usage_rows(object_list)

    def get_filename(self):
        return f"lesson-documents-{datetime.date.today():%Y-%m-%d}"


class DocumentUsageMenuItem(MenuItem):
    def is_shown(self, request):
        return staff_courses(request.user).exists()


@hooks.register("register_admin_urls")
def document_usage_urls():
    return [
        path("reports/lesson-documents/", DocumentUsageReport.as_view(), name="enrolment_document_usage"),
        path(
            "reports/lesson-documents/results/",
            DocumentUsageReport.as_view(results_only=True),
            name="enrolment_document_usage_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def document_usage_menu_item():
    return DocumentUsageMenuItem(
        "Lesson documents", reverse("enrolment_document_usage"), name="lesson-documents", icon_name="doc-full", order=650,
    )


# --- What the learning room adds to course pages (courses.extensions) -------------------------


@hooks.register(SERVE_LESSON)
def serve_lesson_page(request, lesson):
    return serve_lesson(request, lesson)


@hooks.register(COURSE_CONTEXT)
def course_outline_context(request, course):
    return {"outline": course_outline(request.user, course)}


@hooks.register(COURSE_PROGRESS)
def enrolment_progress(user, course_ids):
    return Enrolment.progress_by_course(user, course_ids)


@hooks.register("construct_homepage_panels")
def teaching_panel(request, panels):
    from .teaching_panel import TeachingPanel

    if request.user.is_instructor:
        panels.append(TeachingPanel(request.user))


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    from .viewsets import certificate_viewset

    return certificate_viewset
