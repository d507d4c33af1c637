"""Admin screens of assessments: question banks (a snippet), the "To grade" queue, grading, the gradebook.

Every screen asks `courses.roles` through the services and querysets: an instructor sees and
grades only their own courses' students. `wagtail_hooks.py` only registers these.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import OwnershipPermissionPolicy
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import CoursePage
from courses.roles import is_course_staff, is_moderator, staff_courses, taught_by_q
from enrolment.tracking import block_by_id
from lms_site.errors import DomainError
from lms_site.spreadsheets import SafeSpreadsheetExportMixin

from . import services
from .files import file_link
from .gradebook import as_csv, as_xlsx, gradebook, to_grade
from .models import QuestionBank, Quiz, Submission

# --- Question banks ----------------------------------------------------------------------------------


def co_teachers(user):
    """Ids of the people who teach a course with this user (owners and instructors), the user included."""
    ids = {user.pk}
    for owner, instructor in CoursePage.objects.filter(taught_by_q(user)).values_list("owner_id", "instructor_id"):
        ids.update(i for i in (owner, instructor) if i)
    return ids


def banks_for(user):
    """Question banks this user may use and edit: their own and their co-instructors'; all for moderators."""
    if is_moderator(user):
        return QuestionBank.objects.all()
    if not getattr(user, "is_authenticated", False):
        return QuestionBank.objects.none()
    return QuestionBank.objects.filter(owner_id__in=co_teachers(user))


class BankPermissionPolicy(OwnershipPermissionPolicy):
    """"add" lets instructors edit their own banks and their co-instructors'; deleting stays with the owner."""

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission_for_instance(user, action, instance):
            return True
        if action == "change" and user.is_active and user.has_perm(self._get_permission_name("add")):
            return instance.owner_id in co_teachers(user)
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        if "change" in actions and not user.has_perm(self._get_permission_name("change")):
            return banks_for(user)
        return super().instances_user_has_any_permission_for(user, actions)


class OwnBankMixin:
    instance_action = "change"

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, self.instance_action, instance):
            raise PermissionDenied("You can only change your own question banks and your co-instructors'.")
        return instance


class BankIndexView(SafeSpreadsheetExportMixin, SnippetViewSet.index_view_class):
    def get_base_queryset(self):
        return banks_for(self.request.user)


class BankCreateView(SnippetViewSet.add_view_class):
    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if not form.instance.owner_id:
            form.instance.owner = self.request.user
        return form


class BankEditView(OwnBankMixin, SnippetViewSet.edit_view_class):
    instance_action = "change"


class BankDeleteView(OwnBankMixin, SnippetViewSet.delete_view_class):
    instance_action = "delete"


class BankChooseMixin:
    def get_object_list(self):
        return banks_for(self.request.user)


class BankChooseView(BankChooseMixin, ChooseView):
    pass


class BankChooseResultsView(BankChooseMixin, ChooseResultsView):
    pass


class BankChooserViewSet(SnippetChooserViewSet):
    choose_view_class = BankChooseView
    choose_results_view_class = BankChooseResultsView


class QuestionBankViewSet(SnippetViewSet):
    model = QuestionBank
    icon = "help"
    menu_label = "Question banks"
    add_to_admin_menu = False
    index_view_class = BankIndexView
    add_view_class = BankCreateView
    edit_view_class = BankEditView
    delete_view_class = BankDeleteView
    chooser_viewset_class = BankChooserViewSet
    list_display = ["name", "owner", "updated_at"]


# --- Grading -----------------------------------------------------------------------------------------


class AdminTemplateView(WagtailAdminTemplateMixin, TemplateView):
    """A page of Wagtail's admin with its header and breadcrumbs."""


def staff_course(user, course_id):
    course = get_object_or_404(CoursePage, pk=course_id)
    if not is_course_staff(user, course):
        raise PermissionDenied("You can only see your own courses' grades.")
    return course


class GradingQueueView(AdminTemplateView):
    template_name = "assessments/admin/to_grade.html"
    page_title = "To grade"
    header_icon = "edit"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": "To grade"}]

    def get(self, request):
        if not staff_courses(request.user).exists():
            raise PermissionDenied("Only instructors grade.")
        return super().get(request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = None
        course_id = self.request.GET.get("course")
        if course_id and course_id.isdigit():
            course = staff_courses(self.request.user).filter(pk=int(course_id)).first()
        submissions, courses = to_grade(self.request.user, course)
        context.update(submissions=submissions, courses=courses, course=course)
        return context


def grading_form_levels(post, rubric):
    levels = {}
    for index in range(len(rubric)):
        value = post.get(f"criterion-{index}")
        if value not in (None, ""):
            levels[str(index)] = value
    return levels


class GradeSubmissionView(AdminTemplateView):
    template_name = "assessments/admin/grade.html"
    page_title = "Grade"
    header_icon = "edit"

    def dispatch(self, request, pk):
        try:
            self.submission = services.staff_submission(request.user, pk)
        except DomainError as error:
            if error.status == 404:
                raise Http404(error.message) from None
            raise PermissionDenied(error.message) from None
        block = block_by_id(self.submission.assignment.lesson, self.submission.assignment.block_id)
        self.value = block.value if block is not None and block.block_type == "assignment" else {}
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return f"{self.submission.assignment.title}: {self.submission.user.get_full_name() or self.submission.user.email}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("assessments_to_grade"), "label": "To grade"},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.submission
        versions = list(Submission.objects.filter(assignment=submission.assignment, user=submission.user)
                        .prefetch_related("files").order_by("-version"))
        for version in versions:
            version.links = [(f, file_link(self.request.user, f)) for f in version.files.all()]
        chosen = submission.rubric_levels or {}
        rubric = [{
            "index": i, "name": c["name"], "description": c.get("description") or "",
            "levels": [{"index": j, "label": lv["label"], "points": lv["points"], "description": lv.get("description") or "",
                        "checked": chosen.get(str(i)) == j} for j, lv in enumerate(c["levels"])],
        } for i, c in enumerate(self.value.get("rubric") or [])]
        context.update(
            submission=submission, versions=versions, current=next(v for v in versions if v.pk == submission.pk),
            rubric=rubric, max_score=self.value.get("max_score") or submission.assignment.max_score,
            is_latest=versions[0].pk == submission.pk, course=submission.assignment.lesson.course,
            form_errors=kwargs.get("form_errors"),
        )
        return context

    def post(self, request, pk):
        post = request.POST
        score = post.get("score", "").strip() or None
        levels = grading_form_levels(post, self.value.get("rubric") or [])
        try:
            services.grade_submission(
                request.user, self.submission, score=score, rubric_levels=levels or None,
                feedback=post.get("feedback", ""), return_for_resubmission="return" in post,
            )
        except DomainError as error:
            messages.error(request, error.message)
            return self.render_to_response(self.get_context_data(form_errors=error.message), status=400)
        who = self.submission.user.get_full_name() or self.submission.user.email
        if "return" in post:
            messages.success(request, f"Returned to {who} for resubmission.")
        else:
            messages.success(request, f"Graded {who}'s “{self.submission.assignment.title}”.")
        return redirect("assessments_to_grade")


class GradebookIndexView(AdminTemplateView):
    template_name = "assessments/admin/gradebook_index.html"
    page_title = "Gradebook"
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": "Gradebook"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        courses = list(staff_courses(self.request.user).order_by("title"))
        if not courses:
            raise PermissionDenied("Only instructors have gradebooks.")
        context["courses"] = courses
        return context


class GradebookView(AdminTemplateView):
    template_name = "assessments/admin/gradebook.html"
    page_title = "Gradebook"
    header_icon = "table"

    def dispatch(self, request, course_id):
        self.course = staff_course(request.user, course_id)
        return super().dispatch(request, course_id)

    def get_page_subtitle(self):
        return self.course.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("assessments_gradebooks"), "label": "Gradebook"},
            {"url": "", "label": self.course.title},
        ]

    def get(self, request, course_id):
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            book = gradebook(self.course)
            name = f"gradebook-{self.course.slug}-{datetime.date.today():%Y-%m-%d}"
            if export == "csv":
                response = HttpResponse(as_csv(book), content_type="text/csv; charset=utf-8")
            else:
                response = HttpResponse(
                    as_xlsx(book), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            response["Content-Disposition"] = f'attachment; filename="{name}.{export}"'
            response["Cache-Control"] = "private, no-store"
            return response
        return super().get(request, course_id)

    def post(self, request, course_id):
        quiz = Quiz.objects.filter(pk=request.POST.get("release") or 0, lesson__path__startswith=self.course.path).first()
        if quiz is None:
            raise Http404("No such quiz in this course.")
        services.release_answers(request.user, quiz)
        messages.success(request, f"Students can now see the answers of “{quiz.title}”.")
        return redirect("assessments_gradebook", course_id=self.course.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["book"] = gradebook(self.course)
        context["course"] = self.course
        context["delayed"] = [item for kind, item in context["book"]["columns"]
                              if kind == "quiz" and item.feedback_mode == "delayed" and not item.answers_released_at]
        return context

