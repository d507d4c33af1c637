""""My learning": each active enrolment with where to go next, in a fixed number of queries.

The button a student sees follows what they did, not what they clicked last:
- Start (the first lesson) for a course with nothing completed and nothing opened yet,
- Continue (with the lesson's name) while lessons remain: the lesson left unfinished, else the
  first open lesson not done — the same rule as the course page (`CourseOutline.resume_lesson`),
- Review (the course page) once the course is complete.
Outlines of every enrolled course are built together from one query each for sections, lessons,
prerequisites and completions, whatever the number of courses.
"""

from dataclasses import dataclass

from django.db.models import F, Q

from courses.models import LessonPage, SectionPage

from .models import Certificate, Enrolment, LessonProgress
from .outline import CourseOutline, SectionOutline, lesson_states, prerequisite_pairs_for


@dataclass
class DashboardRow:
    enrolment: Enrolment
    action: str  # "start", "continue" or "review"
    lesson: object  # the lesson the button opens (None: the course page)
    certificate: object = None  # the course's certificate once issued

    @property
    def label(self):
        if self.action == "review":
            return "Review the course"
        if self.action == "start":
            return "Start the course"
        return f"Continue: {self.lesson.title}" if self.lesson else "Continue"


def outlines_for(user, enrolments):
    """({course_id: CourseOutline}, ids of lessons opened) for these enrolments of one user (four queries in all)."""
    courses = [e.course for e in enrolments]
    if not courses:
        return {}, set()
    under = Q()
    for course in courses:
        under |= Q(path__startswith=course.path)
    sections = list(SectionPage.objects.live().filter(under, depth=courses[0].depth + 1).order_by("path"))
    lessons = list(LessonPage.objects.live().filter(under).order_by("path").defer_streamfields())
    ids = [lesson.pk for lesson in lessons]
    pairs = prerequisite_pairs_for(ids)
    rows = LessonProgress.objects.filter(user=user, lesson_id__in=ids).values_list("lesson_id", "status")
    opened, completed = set(), set()
    for lesson_id, status in rows:
        opened.add(lesson_id)
        if status == LessonProgress.Status.COMPLETED:
            completed.add(lesson_id)
    outlines = {}
    for enrolment in enrolments:
        course = enrolment.course
        mine = [lesson for lesson in lessons if lesson.path.startswith(course.path)]
        states = lesson_states(user, course, mine, pairs, enrolment, completed)
        entries, by_path, ordered = [], {}, []
        for section in sections:
            if section.path.startswith(course.path):
                entry = SectionOutline(section)
                entries.append(entry)
                by_path[section.path] = entry
        for lesson in mine:
            entry = by_path.get(lesson.path[: -lesson.steplen])
            if entry is not None:  # a lesson in an unpublished section is not shown
                entry.lessons.append(states[lesson.pk])
                ordered.append(states[lesson.pk])
        outlines[course.pk] = CourseOutline(course, entries, ordered, enrolment, False)
    return outlines, opened


def dashboard_rows(user):
    enrolments = list(
        Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE)
        .select_related("course", "course__thumbnail", "course__category", "last_lesson")
        .order_by(F("last_accessed_at").desc(nulls_last=True), "-enrolled_at")
    )
    outlines, opened = outlines_for(user, enrolments)
    completed = [e.pk for e in enrolments if e.completed_at]
    certificates = {c.enrolment_id: c for c in Certificate.objects.filter(enrolment_id__in=completed)} if completed else {}
    rows = []
    for enrolment in enrolments:
        outline = outlines[enrolment.course_id]
        resume = outline.resume_lesson()
        started = enrolment.last_lesson_id or any(state.lesson.pk in opened for state in outline.lessons)
        if enrolment.completed_at or (outline.total and outline.completed_count == outline.total):
            rows.append(DashboardRow(enrolment, "review", None, certificates.get(enrolment.pk)))
        elif not started:
            rows.append(DashboardRow(enrolment, "start", resume.lesson if resume else None))
        else:
            rows.append(DashboardRow(enrolment, "continue", resume.lesson if resume else None))
    return rows
