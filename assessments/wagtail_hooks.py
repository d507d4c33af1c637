"""Registers the assessments room's admin screens (assessments/viewsets.py) and keeps rows of copies."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from courses.extensions import COURSE_CONTEXT
from courses.models import LessonPage
from courses.roles import staff_courses

from .gradebook import my_scores
from .models import QuestionBank
from .services import sync_lesson_assessments
from .viewsets import (
    BankPermissionPolicy, GradebookIndexView, GradebookView, GradeSubmissionView, GradingQueueView, QuestionBankViewSet,
)


class TeachingMenuItem(MenuItem):
    def is_shown(self, request):
        return staff_courses(request.user).exists()


@hooks.register("register_admin_urls")
def assessment_admin_urls():
    return [
        path("assessments/to-grade/", GradingQueueView.as_view(), name="assessments_to_grade"),
        path("assessments/submissions/<int:pk>/grade/", GradeSubmissionView.as_view(), name="assessments_grade"),
        path("assessments/gradebook/", GradebookIndexView.as_view(), name="assessments_gradebooks"),
        path("assessments/gradebook/<int:course_id>/", GradebookView.as_view(), name="assessments_gradebook"),
    ]


@hooks.register("register_admin_menu_item")
def to_grade_menu_item():
    return TeachingMenuItem("To grade", reverse("assessments_to_grade"), name="to-grade", icon_name="edit", order=250)


@hooks.register("register_admin_menu_item")
def gradebook_menu_item():
    return TeachingMenuItem("Gradebook", reverse("assessments_gradebooks"), name="gradebook", icon_name="table", order=260)


@hooks.register("register_admin_menu_item")
def question_banks_menu_item():
    return TeachingMenuItem("Question banks", reverse("wagtailsnippets_assessments_questionbank:list"), name="question-banks",
                            icon_name="help", order=270)


@hooks.register(COURSE_CONTEXT)
def my_assessment_scores(request, course):
    """A student's own scores per assessment, for the course page (only when enrolled)."""
    return {"assessment_scores": my_scores(request.user, course)} if request.user.is_authenticated else {}


@hooks.register("after_copy_page")
def copies_get_their_own_rows(request, page, new_page):
    # A live copy's quizzes and assignments are its own (keyed by the copy's id), never the original's.
    for lesson in LessonPage.objects.live().descendant_of(new_page, inclusive=True):
        sync_lesson_assessments(lesson)


register_permission_policy(QuestionBank, BankPermissionPolicy(QuestionBank, owner_field_name="owner"))
register_snippet(QuestionBankViewSet)
