"""Required blocks: what each still needs, and completing the lesson once all are satisfied.

Every tracker (video, PDF, H5P xAPI, AI tool, and what other apps register in
`enrolment.trackers`) records its evidence in `BlockProgress` and calls `satisfy_block`; the
lesson completes through the same `services.mark_complete` as "Mark complete". A tracking
service asks `enrolment.access.lesson_gate(...).require_tracking()` first and answers with
`block_result`.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from courses.blocks import gating_blocks, is_gating

from .errors import EnrolmentError
from .models import BlockProgress, LessonProgress
from .services import mark_complete
from .trackers import is_tracked, tracker_for


@dataclass
class Requirement:
    block: object  # the StreamField child: .id, .block_type, .value
    progress: BlockProgress | None

    @property
    def tracker(self):
        return tracker_for(self.block.block_type)

    @property
    def block_id(self):
        return self.block.id

    @property
    def is_satisfied(self):
        return self.tracker.is_satisfied(self.block, self.progress)

    @property
    def title(self):
        return self.tracker.title(self.block)

    @property
    def needs(self):
        """What the student still has to do, in words; empty once satisfied."""
        return "" if self.is_satisfied else self.tracker.needs(self.block, self.progress)

    def as_dict(self):
        return {
            "block_id": self.block_id,
            "type": self.block.block_type,
            "is_required": True,
            "is_satisfied": self.is_satisfied,
            "needs": self.needs,
        }


def block_progress_by_id(user, lesson):
    """{block_id: BlockProgress} for this user and lesson (one query; none for a lesson of plain content)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    if not any(is_tracked(block.block_type) for block in lesson.body):
        return {}  # only tracked blocks (video, quiz, H5P...) keep progress rows
    return {row.block_id: row for row in BlockProgress.objects.filter(user=user, lesson=lesson)}


def lesson_requirements(user, lesson, rows=None):
    """The lesson's required blocks with this user's progress on each (at most one query)."""
    required = gating_blocks(lesson.body)
    if not required:
        return []
    if rows is None:
        rows = block_progress_by_id(user, lesson)
    return [Requirement(block, rows.get(block.id)) for block in required]


def block_by_id(lesson, block_id):
    """The lesson body's block with this id, or None."""
    return next((block for block in lesson.body if block.id == block_id), None)


def find_block(lesson, block_id, block_type):
    """The lesson's `block_type` block with this id; EnrolmentError(400) names what is wrong otherwise."""
    block = block_by_id(lesson, block_id)
    if block is not None and block.block_type == block_type:
        return block
    if block is not None:
        raise EnrolmentError(
            f"Block {block_id} is a {block.block_type} block, not a {block_type} block.", "wrong_block_type", status=400
        )
    raise EnrolmentError(f"This lesson has no {block_type} block with that id.", "unknown_block", status=400)


def lock_block_progress(user, lesson, block):
    """The student's BlockProgress row for a block, locked for this transaction."""
    row, _ = BlockProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson, block_id=block.id, defaults={"block_type": block.block_type}
    )
    return row


def satisfy_block(row, enrolment):
    """Mark a block satisfied (inside the caller's transaction) and complete the lesson if it was the last."""
    if not row.is_satisfied:
        row.is_satisfied = True
        row.satisfied_at = timezone.now()
        row.save(update_fields=["is_satisfied", "satisfied_at", "updated_at"])
    return complete_if_satisfied(row.user, row.lesson, enrolment)


def complete_if_satisfied(user, lesson, enrolment):
    """Complete the lesson when every required block is satisfied; True if it is complete now."""
    already = LessonProgress.objects.filter(user=user, lesson=lesson, status=LessonProgress.Status.COMPLETED).exists()
    if already:
        return True
    requirements = lesson_requirements(user, lesson)
    if requirements and all(r.is_satisfied for r in requirements):
        with transaction.atomic():
            mark_complete(user, lesson, enrolment)
        return True
    return False


def block_result(access, block, row, lesson_completed, **extra):
    """What every tracking service answers: the block's standing after the report, plus its own fields."""
    needs = Requirement(block, row).needs if is_gating(block) else ""
    return {
        "block_id": block.id,
        "is_satisfied": row.is_satisfied,
        "lesson_completed": bool(lesson_completed or access.is_completed),
        "needs": needs,
        **extra,
    }
