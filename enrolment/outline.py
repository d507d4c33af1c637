"""The course outline as one user sees it: sections, lessons, their states and progress.

A lesson's state: open when it is a free preview, or the user teaches or moderates the course,
or the user is enrolled and every (published) prerequisite is complete; a completed lesson
stays open. Loads a course in a fixed number of queries (sections, lessons, prerequisites,
enrolment with its completions), however many lessons or students it has; the first three come
from the cached course structure (`courses.structure`), the last is one query. Whether the user may see the
course at all, and may track progress in it, is `enrolment.access.lesson_gate`.
"""

from dataclasses import dataclass, field

from django.db import connection

from courses.pricing import how_to_join
from courses.roles import is_course_staff
from courses.structure import course_structure, link_of

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
    join: str = "enrol in the course"  # what opens the course's lessons (courses.pricing.how_to_join)

    @property
    def is_locked(self):
        return self.state == LOCKED

    @property
    def link(self):
        """The lesson's URL (kept with the cached course structure)."""
        return link_of(self.lesson)

    @property
    def is_completed(self):
        return self.state == COMPLETED

    @property
    def message(self):
        if self.reason == REASON_LOGIN:
            return f"Log in and {self.join} to open this lesson."
        if self.reason == REASON_ENROL:
            return f"{self.join[:1].upper()}{self.join[1:]} to open this lesson."
        return self.message_missing

    @property
    def note(self):
        """Why a locked lesson is locked, in a few words for an outline row or a "next" link."""
        if self.reason == REASON_LOGIN:
            return f"log in and {self.join.replace(' in the course', '').replace(' the course', '')} to open"
        if self.reason == REASON_ENROL:
            return f"{self.join.replace(' in the course', '').replace(' the course', '')} to open"
        if self.missing:
            return "after " + ", ".join(lesson.title for lesson in self.missing)
        return ""

    def opens_once(self, lesson_id):
        """Open now, or locked only until the lesson `lesson_id` is complete."""
        if not self.is_locked:
            return True
        return self.reason == REASON_PREREQUISITES and all(p.pk == lesson_id for p in self.missing)

    @property
    def message_missing(self):
        if not self.missing:
            return ""
        return "Complete first: " + ", ".join(lesson.title for lesson in self.missing)


def lesson_states(user, course, lessons, prerequisite_pairs, enrolment, completed_ids):
    """Decide every lesson's state from data already loaded (no queries)."""
    by_id = {lesson.pk: lesson for lesson in lessons}
    required = {}
    for lesson_id, prerequisite_id in prerequisite_pairs:
        if prerequisite_id in by_id:  # a prerequisite that is not published cannot block anyone
            required.setdefault(lesson_id, []).append(by_id[prerequisite_id])
    staff = is_course_staff(user, course)
    authenticated = getattr(user, "is_authenticated", False)
    join = how_to_join(course.pricing_type)
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
                lesson, LOCKED, REASON_ENROL if authenticated else REASON_LOGIN, missing, join
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


# Every signed-in course and lesson page runs this query; built through the ORM (a filtered,
# annotated queryset with a grouped subquery) it cost more Python than everything else on the
# page, so it is written once here. The only difference between the databases is the aggregate.
ENROLMENT_SQL = """
SELECT e.*, (
    SELECT {aggregate} FROM {progress} p
    WHERE p.user_id = e.user_id AND p.status = %s AND p.lesson_id IN ({lessons})
) AS completed_ids
FROM {enrolment} e
WHERE e.user_id = %s AND e.course_id = %s AND e.status = %s
ORDER BY e.id
LIMIT 1
"""
ID_LISTS = {"postgresql": "STRING_AGG(CAST(p.lesson_id AS TEXT), ',')", "sqlite": "GROUP_CONCAT(p.lesson_id, ',')"}


def enrolment_and_completions(user, course, lesson_ids):
    """(the user's active enrolment in `course` or None, ids of the listed lessons they completed): one query.

    The completions ride along with the enrolment row as a subquery; without an enrolment
    nothing a user did counts toward the course, so there are none.
    """
    from .models import Enrolment, LessonProgress

    if not getattr(user, "is_authenticated", False):
        return None, set()
    lesson_ids = [int(pk) for pk in lesson_ids] or [0]  # no lesson has id 0: an empty list matches nothing
    sql = ENROLMENT_SQL.format(
        aggregate=ID_LISTS[connection.vendor], progress=LessonProgress._meta.db_table,
        enrolment=Enrolment._meta.db_table, lessons=", ".join(["%s"] * len(lesson_ids)),
    )
    params = [LessonProgress.Status.COMPLETED, *lesson_ids, user.pk, course.pk, Enrolment.Status.ACTIVE]
    enrolment = next(iter(Enrolment.objects.raw(sql, params)), None)
    if enrolment is None:
        return None, set()
    listed = enrolment.completed_ids or ""
    return enrolment, {int(pk) for pk in str(listed).split(",") if pk}


@dataclass
class SectionOutline:
    section: object
    lessons: list = field(default_factory=list)  # LessonState, in order


@dataclass
class CourseOutline:
    course: object
    sections: list
    lessons: list  # every LessonState in course order
    enrolment: object
    is_staff: bool

    @property
    def total(self):
        return len(self.lessons)

    @property
    def total_minutes(self):
        """The course's length: the estimated minutes of its published lessons, added up."""
        return sum(state.lesson.estimated_minutes or 0 for state in self.lessons)

    @property
    def completed_count(self):
        return sum(1 for s in self.lessons if s.is_completed)

    @property
    def progress(self):
        return self.enrolment.progress_percent if self.enrolment else 0

    def state_of(self, lesson_id):
        for state in self.lessons:
            if state.lesson.pk == lesson_id:
                return state
        return None

    def neighbours(self, lesson_id):
        """(previous, next) LessonState around a lesson, either may be None."""
        ids = [s.lesson.pk for s in self.lessons]
        if lesson_id not in ids:
            return None, None
        i = ids.index(lesson_id)
        previous = self.lessons[i - 1] if i > 0 else None
        following = self.lessons[i + 1] if i + 1 < len(self.lessons) else None
        return previous, following

    def resume_lesson(self):
        """Where to continue: the last lesson opened if unfinished, else the first open unfinished one."""
        if self.enrolment and self.enrolment.last_lesson_id:
            state = self.state_of(self.enrolment.last_lesson_id)
            if state and not state.is_completed and not state.is_locked:
                return state
        for state in self.lessons:
            if not state.is_completed and not state.is_locked:
                return state
        return self.lessons[0] if self.lessons else None


def course_outline(user, course):
    """The outline of `course` for `user`: the cached structure plus one live query (enrolment with completions)."""
    structure = course_structure(course)
    sections, lessons = structure.sections, structure.lessons
    ids = [lesson.pk for lesson in lessons]
    enrolment, completed = enrolment_and_completions(user, course, ids)
    states = lesson_states(user, course, lessons, structure.prerequisite_pairs, enrolment, completed)

    outline_sections = []
    by_path = {}
    for section in sections:
        entry = SectionOutline(section)
        outline_sections.append(entry)
        by_path[section.path] = entry
    ordered = []
    for lesson in lessons:
        entry = by_path.get(lesson.path[: -lesson.steplen])
        if entry is None:
            continue  # the lesson's section is unpublished, so the lesson is not shown
        entry.lessons.append(states[lesson.pk])
        ordered.append(states[lesson.pk])
    return CourseOutline(course, outline_sections, ordered, enrolment, is_course_staff(user, course))
