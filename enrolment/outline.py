"""The course outline as one user sees it: sections, lessons, their states and progress.

Loads a course in a fixed number of queries (sections, lessons, prerequisites, enrolment,
progress), however many lessons or students it has.
"""

from dataclasses import dataclass, field

from .access import active_enrolment, completed_lesson_ids, is_course_staff, lesson_states, prerequisite_pairs_for


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
    from courses.models import LessonPage, SectionPage

    sections = list(SectionPage.objects.live().child_of(course).order_by("path"))
    lessons = list(
        LessonPage.objects.live().descendant_of(course).order_by("path").defer_streamfields()
    )
    ids = [lesson.pk for lesson in lessons]
    enrolment = active_enrolment(user, course)
    completed = completed_lesson_ids(user, ids) if enrolment else set()
    states = lesson_states(user, course, lessons, prerequisite_pairs_for(ids), enrolment, completed)

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


def lesson_access(user, lesson):
    """The LessonState of one lesson and its course outline (for prev/next and messages)."""
    outline = course_outline(user, lesson.course)
    return outline.state_of(lesson.pk), outline
