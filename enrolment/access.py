"""May this user open this lesson? One rule, used by pages, the API and every tracking endpoint.

A lesson is open when it is a free preview, or the user teaches or moderates the course, or the
user is enrolled and every (published) prerequisite is complete. A completed lesson stays open.
"""

from dataclasses import dataclass, field

from django.db.models import Q

OPEN = "available"
LOCKED = "locked"
COMPLETED = "completed"

REASON_ENROL = "not_enrolled"
REASON_PREREQUISITES = "prerequisites"
REASON_LOGIN = "login"


@dataclass
class LessonState:
    lesson: object
    state: str
    reason: str = ""
    missing: list = field(default_factory=list)  # prerequisite lessons still to complete

    @property
    def is_locked(self):
        return self.state == LOCKED

    @property
    def is_completed(self):
        return self.state == COMPLETED

    @property
    def message(self):
        if self.reason == REASON_LOGIN:
            return "Log in and enrol to open this lesson."
        if self.reason == REASON_ENROL:
            return "Enrol in the course to open this lesson."
        if self.missing:
            return "Complete first: " + ", ".join(lesson.title for lesson in self.missing)
        return ""


def is_course_staff(user, course):
    """Teaches or moderates the course: sees every lesson without enrolling."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or course.owner_id == user.pk or course.instructor_id == user.pk:
        return True
    return user.is_moderator


def lesson_states(user, course, lessons, prerequisite_pairs, enrolment, completed_ids):
    """Decide every lesson's state from data already loaded (no queries)."""
    by_id = {lesson.pk: lesson for lesson in lessons}
    required = {}
    for lesson_id, prerequisite_id in prerequisite_pairs:
        if prerequisite_id in by_id:  # a prerequisite that is not published cannot block anyone
            required.setdefault(lesson_id, []).append(by_id[prerequisite_id])
    staff = is_course_staff(user, course)
    authenticated = getattr(user, "is_authenticated", False)
    states = {}
    for lesson in lessons:
        if lesson.pk in completed_ids:
            states[lesson.pk] = LessonState(lesson, COMPLETED)
            continue
        missing = [p for p in required.get(lesson.pk, []) if p.pk not in completed_ids]
        if staff or lesson.is_preview:
            states[lesson.pk] = LessonState(lesson, OPEN, missing=missing if enrolment else [])
        elif enrolment is None:
            states[lesson.pk] = LessonState(
                lesson, LOCKED, REASON_ENROL if authenticated else REASON_LOGIN, missing
            )
        elif missing:
            states[lesson.pk] = LessonState(lesson, LOCKED, REASON_PREREQUISITES, missing)
        else:
            states[lesson.pk] = LessonState(lesson, OPEN)
    return states


def prerequisite_pairs_for(lesson_ids):
    from courses.models import LessonPage

    through = LessonPage.prerequisites.through
    return list(
        through.objects.filter(from_lessonpage_id__in=lesson_ids).values_list("from_lessonpage_id", "to_lessonpage_id")
    )


def active_enrolment(user, course):
    from .models import Enrolment

    if not getattr(user, "is_authenticated", False):
        return None
    return Enrolment.objects.filter(user=user, course=course, status=Enrolment.Status.ACTIVE).first()


def completed_lesson_ids(user, lesson_ids):
    from .models import LessonProgress

    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        LessonProgress.objects.filter(
            Q(user=user) & Q(lesson_id__in=lesson_ids) & Q(status=LessonProgress.Status.COMPLETED)
        ).values_list("lesson_id", flat=True)
    )
