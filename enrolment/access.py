"""The lesson gate: may this user open, or track progress in, this lesson, and if not, why.

Every way into a lesson asks `lesson_gate` once and passes the answer down: the lesson page,
the lesson API, the HTML "Mark complete" form, heartbeats, video progress, PDF opens and file
serving, H5P files and xAPI statements, AI tool launch and completion, and the block template
tags. The answer combines

1. the lesson is published and in a published section, and its course is one the user may see
   (`enrolment.visibility.courses_for`: published, not archived and not view-restricted, or the
   user is enrolled in it, or teaches or moderates it);
2. the lesson's state from the course outline (`enrolment.outline`): open, completed, or locked
   with a reason (log in, enrol, prerequisites);
3. for tracking, an active enrolment and no prerequisite still missing (a free preview is open
   to read, but progress follows the prerequisites).

Who counts as course staff is `courses.roles.is_course_staff`.
"""

from dataclasses import dataclass

from .errors import EnrolmentError
from .outline import course_outline
from .visibility import may_see_course

NOT_AVAILABLE = "This lesson is not available."
TRACK_NEEDS_ENROLMENT = "Enrol in the course to track progress."


@dataclass
class LessonAccess:
    user: object
    lesson: object
    outline: object  # the CourseOutline (None when the lesson has no course)
    state: object  # the lesson's LessonState (None when it is not shown)
    visible: bool

    @property
    def course(self):
        return self.outline.course if self.outline else None

    @property
    def enrolment(self):
        return self.outline.enrolment if self.outline else None

    @property
    def is_staff(self):
        return bool(self.outline and self.outline.is_staff)

    @property
    def is_completed(self):
        return bool(self.state and self.state.is_completed)

    def refusal(self, track=False):
        """The EnrolmentError this user meets here (None if allowed): to read, or with track=True to record progress."""
        if not self.visible or self.state is None:
            return EnrolmentError(NOT_AVAILABLE, "not_found", status=404)
        if self.state.is_locked:
            return EnrolmentError(self.state.message, self.state.reason, self.state.missing, status=403)
        if not track:
            return None
        if self.state.missing and not self.state.is_completed:
            return EnrolmentError(self.state.message_missing, "prerequisites", self.state.missing, status=403)
        if self.enrolment is None:
            return EnrolmentError(TRACK_NEEDS_ENROLMENT, "not_enrolled", status=403)
        return None

    @property
    def may_open(self):
        return self.refusal() is None

    @property
    def may_launch(self):
        """AI tools get a launch token: enrolled students, and staff trying the activity (not recorded)."""
        return self.may_open and (self.enrolment is not None or self.is_staff)

    def require_open(self):
        error = self.refusal()
        if error:
            raise error
        return self

    def require_tracking(self):
        error = self.refusal(track=True)
        if error:
            raise error
        return self


def lesson_gate(user, lesson):
    """The LessonAccess of one user for one lesson (the outline's fixed queries, plus one for visibility)."""
    course = lesson.course if lesson.live else None
    if course is None:
        return LessonAccess(user, lesson, None, None, False)
    outline = course_outline(user, course)
    state = outline.state_of(lesson.pk)
    visible = state is not None and may_see_course(user, course)
    return LessonAccess(user, lesson, outline, state, visible)


def gate_for(user, lesson, access=None):
    """`access` when a caller already asked the gate for this user and lesson, else a fresh answer."""
    if access is not None and access.lesson.pk == lesson.pk and access.user == user:
        return access
    return lesson_gate(user, lesson)
