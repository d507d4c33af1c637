"""Required blocks: what each still needs, and completing the lesson once all are satisfied.

Every tracker (video, PDF, H5P xAPI, AI tool) records its evidence in `BlockProgress` and calls
`satisfy_block`; the lesson completes through the same `_mark_complete` as "Mark complete".
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from courses.blocks import gating_blocks, video_duration

from .models import BlockProgress, LessonProgress
from .services import EnrolmentError, _mark_complete, _open_state


@dataclass
class Requirement:
    block: object  # the StreamField child: .id, .block_type, .value
    progress: BlockProgress | None

    @property
    def block_id(self):
        return self.block.id

    @property
    def is_satisfied(self):
        return bool(self.progress and self.progress.is_satisfied)

    @property
    def title(self):
        return self.block.value.get("title") or self.block.block_type

    @property
    def watched_percent(self):
        duration = video_duration(self.block.value) if self.block.block_type == "video" else 0
        if not duration or not self.progress:
            return 0
        return min(100, int(self.progress.watched_seconds * 100 // duration))

    @property
    def needs(self):
        """What the student still has to do, in words; empty once satisfied."""
        if self.is_satisfied:
            return ""
        kind, value = self.block.block_type, self.block.value
        if kind == "video":
            more = max(1, value["required_percent"] - self.watched_percent)
            return f"Watch {more}% more of “{self.title}”"
        if kind == "pdf":
            return f"Open “{self.title}”"
        if kind == "h5p":
            best = f" (best so far {int(self.progress.score)}%)" if self.progress and self.progress.score is not None else ""
            return f"Score {value['pass_percent']}% on the activity “{self.title}”{best}"
        if kind == "ai_tool":
            return f"Finish the activity in “{self.title}”"
        return f"Complete “{self.title}”"

    def as_dict(self):
        return {
            "block_id": self.block_id,
            "type": self.block.block_type,
            "is_required": True,
            "is_satisfied": self.is_satisfied,
            "needs": self.needs,
        }


def block_progress_by_id(user, lesson):
    """{block_id: BlockProgress} for this user and lesson (one query)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {row.block_id: row for row in BlockProgress.objects.filter(user=user, lesson=lesson)}


def lesson_requirements(user, lesson, rows=None):
    """The lesson's required blocks with this user's progress on each (at most one query)."""
    required = gating_blocks(lesson.body)
    if not required:
        return []
    if rows is None:
        rows = block_progress_by_id(user, lesson)
    return [Requirement(block, rows.get(block.id)) for block in required]


def find_block(lesson, block_id, block_type):
    for block in lesson.body:
        if block.id == block_id and block.block_type == block_type:
            return block
    raise EnrolmentError(f"This lesson has no {block_type} block with that id.", "unknown_block", status=400)


def open_for_tracking(user, lesson):
    """(state, outline) when an enrolled student may record progress here; raises otherwise."""
    state, outline = _open_state(user, lesson)
    if outline.enrolment is None:
        raise EnrolmentError("Enrol in the course to track progress.", "not_enrolled", status=403)
    return state, outline


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
            _mark_complete(user, lesson, enrolment)
        return True
    return False
