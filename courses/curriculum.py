"""The curriculum of one course as its authors shape it: sections and lessons, in order.

The verbs behind the curriculum screen (`curriculum_views`): read the outline with each page's
review status, add a section or lesson as a draft, move one, set a lesson's prerequisites.
Permission is asked here, not in the view: the user must be staff of the course (its owner or
instructor, or a moderator) and Wagtail must let them edit it.

Order is the page tree's order, which Wagtail does not keep in revisions: a move takes effect at
once, on the live course too. Contents (titles, bodies, prerequisites) go through review.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from wagtail.actions.move_page import MovePageAction

from .blocks import LessonBody
from .models import CoursePage, LessonPage, SectionPage
from .prerequisites import find_cycle
from .review import STATUS_LABELS, review_state, status_of
from .roles import is_course_staff


class CurriculumError(Exception):
    """A change to the curriculum that is refused; the message says why."""


@dataclass
class LessonRow:
    lesson: LessonPage
    status: str
    gates: list
    prerequisites: list = field(default_factory=list)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclass
class SectionRow:
    section: SectionPage
    status: str
    lessons: list = field(default_factory=list)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def require_author(user, course):
    """The course, if this user may shape its curriculum; PermissionDenied otherwise."""
    if not is_course_staff(user, course) or not course.permissions_for_user(user).can_edit():
        raise PermissionDenied("You can only change the curriculum of your own courses.")
    return course


GATE_NAMES = {"video": "Video", "pdf": "PDF", "h5p": "H5P", "ai_tool": "AI tool", "quiz": "Quiz", "assignment": "Assignment"}


def gate_labels(body):
    """What a lesson asks of a student before it completes, in words ("Video 90%", "H5P 70%", "PDF").

    Read from the stored JSON, so a long outline loads no documents, images or packages: each
    block's `is_required` reads plain fields, which the raw dict has as its value does.
    """
    labels = []
    for item in body.raw_data:
        block = LessonBody.base_blocks.get(item.get("type"))
        value = item.get("value") if isinstance(item.get("value"), dict) else {}
        check = getattr(block, "is_required", None)
        if not (check and check(value)):
            continue
        name = GATE_NAMES.get(item["type"], item["type"].replace("_", " ").capitalize())
        percent = value.get("required_percent") or value.get("pass_percent")
        labels.append(f"{name} {percent}%" if percent else name)
    return labels


def outline(course):
    """[SectionRow] with each lesson's status, gating blocks and prerequisites, from the latest drafts.

    Authors see what they are working on: titles, bodies and prerequisites of each page's latest
    revision, with a status that says whether that is live.
    """
    state, in_review, sent_back = review_state(course)
    sections = list(SectionPage.objects.child_of(course).order_by("path").select_related("latest_revision"))
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path").select_related("latest_revision"))
    through = LessonPage.prerequisites.through
    live_edges = {}
    for source, target in through.objects.filter(from_lessonpage__in=lessons).values_list(
        "from_lessonpage_id", "to_lessonpage_id"
    ):
        live_edges.setdefault(source, []).append(target)
    drafts = {page.pk: _latest(page) for page in sections + lessons}
    titles = {lesson.pk: drafts[lesson.pk].title for lesson in lessons}
    rows = []
    by_path = {}
    for section in sections:
        row = SectionRow(drafts[section.pk], status_of(section, in_review, sent_back))
        rows.append(row)
        by_path[section.path] = row
    for lesson in lessons:
        draft = drafts[lesson.pk]
        if draft is lesson:
            required = live_edges.get(lesson.pk, [])
        else:  # the draft's own choice, as its revision stores it
            required = lesson.latest_revision.content.get("prerequisites") or []
        row = LessonRow(
            draft, status_of(lesson, in_review, sent_back), gate_labels(draft.body),
            [(pk, titles[pk]) for pk in required if pk in titles],
        )
        by_path[lesson.path[: -lesson.steplen]].lessons.append(row)
    return rows


def _latest(page):
    """The page as its latest revision has it (the draft its author sees in the editor), without a query."""
    if page.latest_revision_id and page.has_unpublished_changes:
        return page.with_content_json(page.latest_revision.content)
    return page


def _unique_slug(parent, title):
    base = slugify(title)[:200] or "page"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def add_page(user, course, parent, title):
    """Add a draft section (parent: the course) or lesson (parent: one of its sections)."""
    require_author(user, course)
    title = (title or "").strip()
    if not title:
        raise CurriculumError("Give it a title.")
    if len(title) > 255:
        raise CurriculumError("Keep the title under 255 characters.")
    if parent.specific_class is CoursePage and parent.pk == course.pk:
        page = SectionPage(title=title)
    elif parent.specific_class is SectionPage and parent.get_parent().pk == course.pk:
        page = LessonPage(title=title)
    else:
        raise CurriculumError("Lessons go in a section of this course.")
    if not parent.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied("You may not add pages here.")
    page.slug = _unique_slug(parent, title)
    page.live = False
    page.owner = user
    with transaction.atomic():
        parent.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    return page


MOVES = ("up", "down", "before", "after", "into")


def move_page(user, course, page, how, target=None):
    """Move a section among sections, or a lesson among lessons or into another section.

    how: "up"/"down" (one place, for keyboards and forms), "before"/"after" a target of the same
    kind, or "into" a section (as its last lesson).
    """
    require_author(user, course)
    page = page.specific
    if how not in MOVES:
        raise CurriculumError("Unknown move.")
    is_lesson = isinstance(page, LessonPage)
    if not isinstance(page, (SectionPage, LessonPage)) or not page.is_descendant_of(course):
        raise CurriculumError("Only sections and lessons of this course move here.")
    if how in ("up", "down"):
        target, how = _one_step(page, how, is_lesson)
        if target is None:
            return page  # already first (or last) of the course
    if target is None or target.pk == page.pk:
        raise CurriculumError("Choose where it goes.")
    target = target.specific
    if not target.is_descendant_of(course):
        raise CurriculumError("It can only move within this course.")
    if how == "into":
        if not (is_lesson and isinstance(target, SectionPage)):
            raise CurriculumError("Lessons move into sections.")
        position = "last-child"
    else:
        if type(target) is not type(page):
            raise CurriculumError("Sections move among sections, lessons among lessons.")
        position = "left" if how == "before" else "right"
    # Our own rule (author of this course) replaces Wagtail's, which asks for publish rights.
    MovePageAction(page, target, pos=position, user=user).execute(skip_permission_checks=True)
    return page


def _one_step(page, how, is_lesson):
    """(target, how) that moves the page one place up or down; a lesson at the edge of its
    section crosses into the neighbouring section, so keyboards reach every place."""
    siblings = list(page.get_siblings(inclusive=True).order_by("path"))
    index = [s.pk for s in siblings].index(page.pk)
    neighbour = index - 1 if how == "up" else index + 1
    if 0 <= neighbour < len(siblings):
        return siblings[neighbour], "before" if how == "up" else "after"
    if not is_lesson:
        return None, how
    section = page.get_parent()
    sections = list(section.get_siblings(inclusive=True).order_by("path"))
    index = [s.pk for s in sections].index(section.pk)
    neighbour = index - 1 if how == "up" else index + 1
    if not 0 <= neighbour < len(sections):
        return None, how
    beside = sections[neighbour]
    if how == "down":
        first = beside.get_children().order_by("path").first()
        if first is not None:
            return first, "before"
    return beside, "into"


def set_prerequisites(user, course, lesson, chosen_ids):
    """Set which lessons must be complete before this one opens, as a draft for review.

    Only other lessons of the same course; a choice that would make a loop is refused, naming it.
    """
    require_author(user, course)
    lesson = lesson.specific
    if not isinstance(lesson, LessonPage) or not lesson.is_descendant_of(course):
        raise CurriculumError("Only lessons of this course have prerequisites here.")
    candidates = {p.pk: p for p in LessonPage.objects.descendant_of(course).exclude(pk=lesson.pk)}
    unknown = [pk for pk in chosen_ids if pk not in candidates]
    if unknown:
        raise CurriculumError("Prerequisites must be other lessons of this course.")
    chosen = [candidates[pk] for pk in dict.fromkeys(chosen_ids)]
    cycle = find_cycle(lesson, chosen)
    if cycle:
        raise CurriculumError(f"These prerequisites would make a loop: {' → '.join(cycle)}. Remove one of them.")
    with transaction.atomic():
        draft = lesson.get_latest_revision_as_object()
        draft.prerequisites = chosen
        if not lesson.live:
            draft.save()
        draft.save_revision(user=user, log_action=True)
    return chosen

