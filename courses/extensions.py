"""Hooks through which the rooms above add to course pages, so `courses` never imports them.

Content is the bottom room: it knows pages and blocks, not who is enrolled. The learning room
(`enrolment`) registers these with Wagtail's hook registry (`wagtail.hooks.register`):

- "serve_lesson_page": fn(request, lesson) -> response or None. Serves a lesson page to the
  people the lesson gate lets in (and the locked page to others).
- "course_page_context": fn(request, course) -> dict. Adds the viewer's outline to a course page.
- "course_progress": fn(user, course_ids) -> {course_id: (progress, enrolment_id)}. The viewer's
  standing in each listed course, for catalogue badges and the course API.
"""

from django.http import Http404
from wagtail import hooks

SERVE_LESSON = "serve_lesson_page"
COURSE_CONTEXT = "course_page_context"
COURSE_PROGRESS = "course_progress"


def serve_lesson(request, lesson):
    for serve in hooks.get_hooks(SERVE_LESSON):
        response = serve(request, lesson)
        if response is not None:
            return response
    # Without a room that decides who may read lessons, nobody may.
    raise Http404("Lessons are not served on this site.")


def course_context(request, course):
    context = {}
    for extend in hooks.get_hooks(COURSE_CONTEXT):
        context.update(extend(request, course) or {})
    return context


def progress_for(user, course_ids):
    """{course_id: (progress, enrolment_id)} for the courses among `course_ids` the user takes."""
    found = {}
    if not course_ids or not getattr(user, "is_authenticated", False):
        return found
    for lookup in hooks.get_hooks(COURSE_PROGRESS):
        found.update(lookup(user, list(course_ids)))
    return found
