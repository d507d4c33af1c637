"""Lesson documents: who may fetch a file, and counting opens and downloads of PDF blocks.

A Wagtail document that a lesson uses (found through Wagtail's reference index, which records
the chooser blocks and rich-text links of every page) is private to the people who may open
that lesson: its students once the lesson is unlocked, anyone for a free preview lesson, and the
course's staff. A document no lesson uses is a site document and is served to everyone.

The file itself is served by Wagtail's document view (`/documents/<id>/<filename>`); the
`before_serve_document` hook in `wagtail_hooks.py` asks `document_access` first and counts
downloads with `record_document_open(..., download=True)`. Opening the in-page preview is
recorded by `POST /api/lessons/<id>/documents/<block_id>/opened/` (one call per opening, not
one per range request the browser's viewer makes).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q

from courses.models import CoursePage, LessonPage
from courses.references import lessons_referencing
from courses.roles import is_moderator, staff_courses

from .access import NOT_AVAILABLE, gate_for, lesson_gate
from .errors import EnrolmentError
from .models import BlockProgress
from .tracking import block_by_id, block_result, find_block, lock_block_progress, satisfy_block

PDF = "pdf"


def lessons_using_document(document):
    """Lessons (live or draft) whose content references the document."""
    return list(lessons_referencing(document).defer_streamfields())


def lesson_files_refusal(user, lessons):
    """The lesson gate as it applies to files (documents, H5P packages) that these lessons use.

    None when the user may open at least one of them; otherwise the gate's refusal: 403 when one
    is visible but locked, 404 when none is visible. Only a published lesson opens its files:
    otherwise an instructor could put someone else's private document into a draft of their own
    and fetch it (moderators see drafts anyway).
    """
    refusals = []
    for lesson in lessons:
        if not lesson.live:
            if is_moderator(user):
                return None
            continue
        refusal = lesson_gate(user, lesson).refusal()
        if refusal is None:
            return None
        refusals.append(refusal)
    locked = [r for r in refusals if r.status != 404]
    return (locked or refusals or [EnrolmentError(NOT_AVAILABLE, "not_found", status=404)])[0]


@dataclass
class DocumentAccess:
    refusal: EnrolmentError | None  # why not (the lesson gate's answer), None when allowed
    lessons: list  # the lessons that use the document; empty for a site document

    @property
    def allowed(self):
        return self.refusal is None

    @property
    def is_lesson_document(self):
        return bool(self.lessons)


def document_access(user, document):
    """May this user fetch this document? Lesson documents follow their lessons; others are public."""
    lessons = lessons_using_document(document)
    if not lessons:
        return DocumentAccess(None, [])
    if getattr(user, "is_authenticated", False) and document.uploaded_by_user_id == user.pk:
        return DocumentAccess(None, lessons)
    return DocumentAccess(lesson_files_refusal(user, lessons), lessons)


def record_document_open(user, lesson, block_id, download=False, access=None):
    """Count one opening (or download) of a PDF block by an enrolled student; satisfy the block if it counts.

    Raises EnrolmentError: 403/404 when the student may not track this lesson, 400 for a block
    id that is not a PDF block of this lesson. Nothing is stored in either case.
    """
    access = gate_for(user, lesson, access).require_tracking()
    block = find_block(lesson, block_id, PDF)
    if download and not block.value.get("allow_download"):
        raise EnrolmentError("This document is not offered for download.", "download_not_allowed", status=403)
    counter = "download_count" if download else "open_count"
    with transaction.atomic():
        row = lock_block_progress(user, lesson, block)
        BlockProgress.objects.filter(pk=row.pk).update(**{counter: F(counter) + 1})
        row.refresh_from_db(fields=["open_count", "download_count"])
        lesson_completed = False
        if block.value.get("counts_when_opened"):
            lesson_completed = satisfy_block(row, access.enrolment)
    return block_result(
        access, block, row, lesson_completed, open_count=row.open_count, download_count=row.download_count
    )


def pdf_block_for_document(lesson, block_id, document):
    """The lesson's PDF block with this id if it shows this document, else None."""
    block = block_by_id(lesson, block_id)
    if block is None or block.block_type != PDF:
        return None
    chosen = block.value.get("document")
    return block if chosen is not None and chosen.pk == document.pk else None


def count_download(request, user, document, lessons):
    """From the serve hook: count `?lesson=<id>&block=<id>&download=1` when it names a real PDF block
    of a lesson that uses this document and the user is an enrolled student. Never raises."""
    params = request.GET
    if params.get("download") != "1" or not getattr(user, "is_authenticated", False):
        return None
    lesson_id, block_id = params.get("lesson", ""), params.get("block", "")
    lesson = next((lesson for lesson in lessons if str(lesson.pk) == lesson_id), None)
    if lesson is None or not block_id:
        return None
    lesson = LessonPage.objects.get(pk=lesson.pk)  # with its body
    if pdf_block_for_document(lesson, block_id, document) is None:
        return None
    try:
        return record_document_open(user, lesson, block_id, download=True)
    except EnrolmentError:
        return None  # staff and preview readers fetch without being counted


# --- Instructor report: opens and downloads per student -------------------------------------


def document_usage_for(user, course=None):
    """BlockProgress rows of PDF blocks in the courses `user` may report on (the one restriction)."""
    courses = list(staff_courses(user).only("pk", "path"))
    if course is not None:
        courses = [c for c in courses if c.pk == course.pk]
    if not courses:
        return BlockProgress.objects.none()
    within = Q()
    for c in courses:
        within |= Q(path__startswith=c.path)
    lesson_ids = LessonPage.objects.filter(within).values("pk")
    return (
        BlockProgress.objects.filter(block_type=PDF, lesson_id__in=lesson_ids)
        .filter(Q(open_count__gt=0) | Q(download_count__gt=0))
        .select_related("user", "lesson")
        .order_by("lesson__path", "block_id", "user__last_name", "user__first_name", "user__email")
    )


@dataclass
class UsageRow:
    course: str
    lesson: str
    document: str
    student: str
    email: str
    opens: int
    downloads: int
    satisfied: bool


def usage_rows(progress_rows):
    """Readable rows for a page of BlockProgress: course, lesson and document titles without N+1 queries."""
    progress_rows = list(progress_rows)
    lesson_ids = {row.lesson_id for row in progress_rows}
    lessons = {lesson.pk: lesson for lesson in LessonPage.objects.filter(pk__in=lesson_ids)}
    courses = CoursePage.objects.filter(path__in={course_path(lesson) for lesson in lessons.values()})
    course_by_path = {c.path: c.title for c in courses.only("path", "title")}
    titles = {}
    for lesson in lessons.values():
        for block in lesson.body:
            if block.block_type == PDF:
                document = block.value.get("document")
                titles[(lesson.pk, block.id)] = document.title if document is not None else block.value.get("title", "")
    result = []
    for row in progress_rows:
        lesson = lessons.get(row.lesson_id)
        result.append(UsageRow(
            course=course_by_path.get(course_path(lesson), "") if lesson else "",
            lesson=lesson.title if lesson else "",
            document=titles.get((row.lesson_id, row.block_id), "(removed from the lesson)"),
            student=row.user.get_full_name() or row.user.email,
            email=row.user.email,
            opens=row.open_count,
            downloads=row.download_count,
            satisfied=row.is_satisfied,
        ))
    return result


def course_path(lesson):
    """The CoursePage path above a lesson (course > section > lesson)."""
    return lesson.path[: -2 * lesson.steplen]
