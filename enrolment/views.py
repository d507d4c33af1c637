from django.contrib import messages

from django.http import Http404
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from courses.ai_tools import lesson_tool_origins
from courses.models import LessonPage

from .access import lesson_gate
from .dashboard import dashboard_rows
from .errors import EnrolmentError
from .models import Enrolment
from .outline import course_outline
from .services import complete_lesson, enrol, open_lesson
from .tracking import block_progress_by_id, lesson_requirements
from .visibility import courses_for


def serve_lesson(request, lesson):
    """A lesson page, or the locked page naming what is missing (403); 404 for a course the user may not see."""
    access = lesson_gate(request.user, lesson)
    if not access.visible:
        raise Http404("This lesson is not available.")  # archived, private or unpublished course
    outline, state = access.outline, access.state
    previous, following = outline.neighbours(lesson.pk)
    context = {
        "page": lesson,
        "self": lesson,
        "course": outline.course,
        "access": access,
        "outline": outline,
        "state": state,
        "previous": previous,
        "next": following,
    }
    if not access.may_open:
        return TemplateResponse(request, "courses/lesson_locked.html", context, status=403)
    if access.enrolment:
        open_lesson(request.user, lesson, access)
        rows = block_progress_by_id(request.user, lesson)
        context["block_progress"] = rows
        context["requirements"] = lesson_requirements(request.user, lesson, rows)
    response = TemplateResponse(request, "courses/lesson_page.html", context)
    origins = lesson_tool_origins(lesson)
    if origins:
        # The policy allows exactly the AI tools this lesson embeds, nothing more.
        response._csp_update = {"frame-src": origins}
    return response


@require_POST
@login_required
def enrol_view(request, course_id):
    """Enrol and open the resume lesson; 404 for a course this user may not see, so its URL never leaks."""
    course = get_object_or_404(courses_for(request.user).filter(live=True), pk=course_id)
    try:
        enrolment, created = enrol(request.user, course)
    except EnrolmentError as error:
        messages.error(request, error.message)
        return redirect(course.get_url(request))
    if created:
        messages.success(request, f"You are enrolled in {course.title}.")
    resume = course_outline(request.user, course).resume_lesson()
    return redirect(resume.lesson.get_url(request) if resume else course.get_url(request))


@require_POST
@login_required
def complete_view(request, lesson_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    access = lesson_gate(request.user, lesson)
    if not access.visible:
        raise Http404("This lesson is not available.")
    try:
        complete_lesson(request.user, lesson, access=access)
    except EnrolmentError as error:
        messages.error(request, error.message)
        return redirect(lesson.get_url(request))
    _, following = access.outline.neighbours(lesson.pk)
    enrolment = Enrolment.objects.get(pk=access.enrolment.pk)  # its progress just changed
    if enrolment.completed_at and enrolment.progress_percent == 100:
        messages.success(request, f"Course complete! You finished {access.course.title}.")
        return redirect(access.course.get_url(request))
    messages.success(request, f"“{lesson.title}” is complete.")
    if following and following.opens_once(lesson.pk):
        return redirect(following.lesson.get_url(request))
    return redirect(lesson.get_url(request))


@login_required
def dashboard(request):
    return TemplateResponse(request, "enrolment/dashboard.html", {"rows": dashboard_rows(request.user)})
