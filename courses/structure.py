"""A course's published structure, cached: the course, its sections, lessons and prerequisites.

Every learner's page needs the same outline of a course; only their enrolment and completions
differ (`enrolment.outline` reads those live). The structure changes only when a page of the
course is saved, published, unpublished, moved or deleted, all of which bump the "pages"
version (`lms_site.cache_versions`), so it is built once per change instead of on every request.
"""

from dataclasses import dataclass, field

from lms_site import cache_versions

STRUCTURE_SECONDS = 3600
# A lesson sits two levels below its course (course > section > lesson): see parent_page_types.
LEVELS_BELOW_COURSE = 2


@dataclass
class CourseStructure:
    course: object  # the CoursePage, with category, instructor, owner and thumbnail loaded
    sections: list = field(default_factory=list)  # live SectionPages in tree order
    lessons: list = field(default_factory=list)  # live LessonPages in tree order, bodies deferred
    prerequisite_pairs: list = field(default_factory=list)  # (lesson id, prerequisite id)


def _build(course_path):
    from .models import CoursePage, LessonPage, SectionPage

    course = (
        CoursePage.objects.select_related("category", "instructor", "owner", "thumbnail")
        # The cache is shared storage: people's password hashes stay in the database.
        .defer("instructor__password", "owner__password")
        .filter(path=course_path)
        .first()
    )
    if course is None:
        return None
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path").defer_streamfields())
    for lesson in lessons:
        keep_link(lesson)
    through = LessonPage.prerequisites.through
    pairs = list(
        through.objects.filter(from_lessonpage__in=[lesson.pk for lesson in lessons]).values_list(
            "from_lessonpage_id", "to_lessonpage_id"
        )
    ) if lessons else []
    return CourseStructure(
        course=course,
        sections=list(SectionPage.objects.live().child_of(course).order_by("path")),
        lessons=lessons,
        prerequisite_pairs=pairs,
    )


def keep_link(lesson):
    """Work the lesson's URL out once, with the cached value it belongs to: lists of lessons link
    each one, and Wagtail's `pageurl` per row per request is the cost this saves."""
    lesson.link = lesson.get_url()
    return lesson


def link_of(lesson):
    """The lesson's URL: kept on it (`keep_link`) or, for a lesson from elsewhere, worked out now."""
    return getattr(lesson, "link", None) or lesson.get_url()


def course_structure(course):
    """The cached CourseStructure of `course` (a CoursePage); empty for a course not saved yet."""
    return _cached(course.path) or CourseStructure(course)


def course_structure_of(lesson):
    """The CourseStructure of the course a lesson belongs to, or None when it is not in one."""
    cut = lesson.steplen * LEVELS_BELOW_COURSE
    if len(lesson.path) <= cut:
        return None
    return _cached(lesson.path[:-cut])


def _cached(course_path):
    return cache_versions.cached(
        cache_versions.PAGES, f"course-structure:{course_path}", lambda: _build(course_path), STRUCTURE_SECONDS
    )
