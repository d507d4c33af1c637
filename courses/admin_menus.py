"""Where the course-level actions appear in Wagtail's admin: buttons, menu items and redirects.

`wagtail_hooks.py` registers these; the rules they apply live in `curriculum` and `review`.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from .models import CoursePage, LessonPage, SectionPage
from .review import NO_LESSON, ReviewRefused, lesson_live_after, submit_course
from .roles import is_course_staff

SUBMIT_COURSE = "action-submit-course"


def course_of(page):
    if page is None:
        return None
    if page.specific_class is CoursePage:
        return page.specific
    return CoursePage.objects.ancestor_of(page).first()


class CurriculumButton(PageMenuItem):
    """"Curriculum" on a course, section or lesson: the course's sections and lessons in order."""

    label = "Curriculum"
    icon_name = "list-ol"

    @property
    def url(self):
        course = course_of(self.page)
        return reverse("course_curriculum", args=[course.pk]) if course else None

    def is_shown(self, user):
        if self.page.specific_class not in (CoursePage, SectionPage, LessonPage):
            return False
        course = course_of(self.page)
        return course is not None and is_course_staff(user, course)


class SubmitCourseMenuItem(ActionMenuItem):
    """On a section or lesson: save the draft and submit its whole course for review."""

    label = "Save and submit course for review"
    name = SUBMIT_COURSE
    icon_name = "resubmit"

    def is_shown(self, context):
        page = context.get("page") or context.get("parent_page")
        if context.get("locked_for_user") or page is None:
            return False
        if context["view"] == "edit" and page.specific_class not in (SectionPage, LessonPage):
            return False
        course = course_of(page)
        if course is None or course.workflow_in_progress:
            return False
        return course.permissions_for_user(context["request"].user).can_submit_for_moderation()


def submit_after_save(request, page):
    """after_edit_page / after_create_page: a section or lesson saved with "submit course" sends its course."""
    if SUBMIT_COURSE not in request.POST:
        return None
    course = course_of(page)
    if course is None or page.specific_class is CoursePage:
        return None
    try:
        submit_course(course, request.user)
    except ReviewRefused as refusal:
        messages.error(request, f"Saved as a draft, but the course was not submitted: {refusal}")
    else:
        messages.success(request, f"Saved, and “{course.title}” is submitted for review with its changes.")
    return redirect("course_curriculum", course.pk)


def land_on_curriculum(request, page):
    """after_create_page / after_edit_page: saving a course that has no sections yet opens its curriculum.

    The editor autosaves, so a new course usually already exists (created by an autosave) when
    its author clicks "Save draft": that first explicit save is where they move on to sections
    and lessons. Autosaves themselves get Wagtail's JSON answer (it ignores ours).
    """
    if page.specific_class is not CoursePage or not is_course_staff(request.user, page):
        return None
    if "action-publish" in request.POST or SectionPage.objects.child_of(page).exists():
        return None
    messages.success(request, f"“{page.title}” is saved as a draft. Now add its sections and lessons.")
    return redirect("course_curriculum", page.pk)


def refuse_empty_course(request, page):
    """before_publish_page: a course is not published directly while it has no live lesson."""
    if page.specific_class is not CoursePage or lesson_live_after(page.specific, []):
        return None
    messages.error(request, f"Not published. {NO_LESSON} A moderator can publish a course with all its changes from its curriculum.")
    return redirect("course_curriculum", page.pk)
