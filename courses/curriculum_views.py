"""Admin screens of one course: its curriculum, and the review of its changes.

Both screens call the verbs of `courses.curriculum` and `courses.review`, which check who may
do what. Every form works without JavaScript; `static/js/admin/curriculum.js` adds drag and
drop on top, posting the same "move" form with `Accept: application/json`.
"""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page, WorkflowState

from .curriculum import CurriculumError, add_page, move_page, outline, require_author, set_prerequisites
from .models import CoursePage, LessonPage
from .review import (
    STATUS_LABELS, ReviewRefused, changed_pages, last_comment, publish_course_changes, review_items, review_state, status_of,
    submit_course,
)
from .roles import is_course_staff

class AdminTemplateView(WagtailAdminTemplateMixin, TemplateView):
    """A page of Wagtail's admin with its header and breadcrumbs."""


def _course(request, course_id):
    course = get_object_or_404(CoursePage, pk=course_id)
    if not is_course_staff(request.user, course):
        raise PermissionDenied("You can only open your own courses.")
    return course


def _ids(values):
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise CurriculumError("Choose lessons from the list.") from None
    return ids


def _page_in(course, value):
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise CurriculumError("Choose a section or lesson of this course.") from None
    page = Page.objects.descendant_of(course, inclusive=True).filter(pk=pk).first()
    if page is None:
        raise CurriculumError("Choose a section or lesson of this course.")
    return page


class CurriculumView(AdminTemplateView):
    template_name = "courses/admin/curriculum.html"
    header_icon = "list-ol"

    def dispatch(self, request, course_id):
        self.course = _course(request, course_id)
        self.course_title = self.course.get_latest_revision_as_object().title  # the author's working title
        return super().dispatch(request, course_id)

    def get_page_title(self):
        return "Curriculum"

    def get_page_subtitle(self):
        return self.course_title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_explore", args=[self.course.get_parent().pk]), "label": "Courses"},
            {"url": reverse("wagtailadmin_pages:edit", args=[self.course.pk]), "label": self.get_page_subtitle()},
            {"url": "", "label": f"Curriculum: {self.get_page_subtitle()}"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course, user = self.course, self.request.user
        state, in_review, sent_back = review_state(course)
        permissions = course.permissions_for_user(user)
        rows = outline(course)
        pending = changed_pages(course)
        course_changed = course.has_unpublished_changes or not course.live
        waiting = state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
        context.update({
            "course": course,
            "rows": rows,
            "lessons": [(row.lesson.pk, row.lesson.title) for section in rows for row in section.lessons],
            "course_status": STATUS_LABELS[status_of(course, in_review, sent_back)],
            "review": state,
            "waiting": waiting,
            "sent_back": state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES,
            "comment": last_comment(state),
            "may_edit": is_course_staff(user, course) and permissions.can_edit(),
            "may_submit": not waiting and (course_changed or bool(pending)) and permissions.can_submit_for_moderation(),
            "may_publish": permissions.can_publish() and (course_changed or bool(pending)),
            "may_moderate": waiting and bool(state.current_task_state.task.specific.get_actions(course, user)),
            "total_minutes": sum(row.lesson.estimated_minutes or 0 for section in rows for row in section.lessons),
        })
        return context

    def post(self, request, course_id):
        action = request.POST.get("action", "")
        handler = getattr(self, f"do_{action}", None) if action in ACTIONS else None
        wants_json = "application/json" in request.headers.get("Accept", "")
        try:
            if handler is None:
                raise CurriculumError("Unknown action.")
            if action != "publish":  # publishing asks for the publish permission instead
                require_author(request.user, self.course)
            message = handler(request)
        except (CurriculumError, ReviewRefused) as error:
            if wants_json:
                return JsonResponse({"detail": str(error), "code": "refused"}, status=400)
            messages.error(request, str(error))
        else:
            if message:  # also after a drag and drop: the script reloads the page, which shows it
                messages.success(request, message)
            if wants_json:
                return JsonResponse({"detail": message})
        anchor = request.POST.get("anchor", "")
        url = reverse("course_curriculum", args=[self.course.pk])
        return redirect(url + f"#{anchor}" if ANCHOR.fullmatch(anchor) else url)

    def do_add(self, request):
        parent = _page_in(self.course, request.POST.get("parent"))
        page = add_page(request.user, self.course, parent, request.POST.get("title"))
        kind = "Section" if page.specific_class.__name__ == "SectionPage" else "Lesson"
        return f"{kind} “{page.title}” added as a draft."

    def do_move(self, request):
        page = _page_in(self.course, request.POST.get("page"))
        target = _page_in(self.course, request.POST["target"]) if request.POST.get("target") else None
        move_page(request.user, self.course, page, request.POST.get("how", ""), target)
        return f"“{page.title}” moved."

    def do_prerequisites(self, request):
        lesson = _page_in(self.course, request.POST.get("lesson"))
        if lesson.specific_class is not LessonPage:
            raise CurriculumError("Only lessons have prerequisites.")
        chosen = set_prerequisites(request.user, self.course, lesson, _ids(request.POST.getlist("prerequisites")))
        if not chosen:
            return f"“{lesson.title}” opens without prerequisites (saved as a draft)."
        return f"“{lesson.title}” opens after {', '.join(p.title for p in chosen)} (saved as a draft)."

    def do_submit(self, request):
        state = submit_course(self.course, request.user)
        count = len(review_items(state.current_task_state))
        pages = f" with {count} section{'s' if count != 1 else ''} and lesson{'s' if count != 1 else ''}" if count else ""
        return f"“{self.course.title}”{pages} is submitted for review. A moderator will approve it or ask for changes."

    def do_publish(self, request):
        if not self.course.permissions_for_user(request.user).can_publish():
            raise PermissionDenied("Only moderators publish directly.")
        count = publish_course_changes(self.course, request.user)
        return f"“{self.course.title}” and {count} changed page{'s' if count != 1 else ''} are live."


ACTIONS = {"add", "move", "prerequisites", "submit", "publish"}
ANCHOR = re.compile(r"[a-z]+-\d+")


class CourseReviewView(AdminTemplateView):
    """What one course review covers: each changed page with a preview and a comparison, and one decision."""

    template_name = "courses/admin/course_review.html"
    header_icon = "tasks"

    def dispatch(self, request, course_id):
        self.course = _course(request, course_id)
        self.course_title = self.course.get_latest_revision_as_object().title
        self.state, _, _ = review_state(self.course)
        return super().dispatch(request, course_id)

    def get_page_title(self):
        return "Review"

    def get_page_subtitle(self):
        return self.course_title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("course_curriculum", args=[self.course.pk]), "label": self.get_page_subtitle()},
            {"url": "", "label": f"Review: {self.get_page_subtitle()}"},
        ]

    def actions(self):
        if self.state is None or self.state.status != WorkflowState.STATUS_IN_PROGRESS:
            return []
        task = self.state.current_task_state.task.specific
        return [name for name, _, _ in task.get_actions(self.course, self.request.user)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task_state = self.state.current_task_state if self.state else None
        items = review_items(task_state) if task_state else []
        course_revision = task_state.revision if task_state else None
        context.update({
            "course": self.course,
            "review": self.state,
            "task_state": task_state,
            "course_revision": course_revision,
            "items": items,
            "actions": self.actions(),
            "comment": last_comment(self.state),
            "refused_no_lesson": self.request.GET.get("refused") == "no-lesson",
        })
        return context

    def post(self, request, course_id):
        decision = request.POST.get("decision")
        if decision not in ("approve", "reject") or decision not in self.actions():
            raise PermissionDenied("You cannot decide this review.")
        comment = request.POST.get("comment", "").strip()[:2000]
        if decision == "reject" and not comment:
            messages.error(request, "Say what needs to change: the instructor sees your comment.")
            return redirect("course_review", self.course.pk)
        task_state = self.state.current_task_state
        refused = task_state.task.specific.on_action(task_state, request.user, decision, comment=comment)
        if refused:
            return redirect(refused)
        if decision == "approve":
            messages.success(request, f"“{self.course.title}” is approved and live with its changes.")
        else:
            messages.success(request, f"Changes requested. {self.course.owner.get_full_name() if self.course.owner else 'The author'} sees your comment.")
        return redirect("wagtailadmin_home")

