"""The registry of block trackers: one object per gating block type.

A tracker says, for one student's progress on one block, what the block still needs in words
("Watch 40% more of …"), whether it is satisfied, and the per-student state the lesson API adds
to the block's value. An app that adds a block type (quizzes, assignments) registers its
tracker from its own `AppConfig.ready()` with `register(...)`; enrolment needs no edit. The
tracker's evidence goes into `BlockProgress`, and `enrolment.tracking.satisfy_block` completes
the lesson once every required block is satisfied.

The built-in trackers (video, PDF, H5P, AI tool) are registered in `enrolment.apps`.
"""

TRACKERS = {}


class BlockTracker:
    """The default: "Complete “<title>”", satisfied when its BlockProgress says so, no extra state."""

    block_type = ""

    def title(self, block):
        value = block.value
        return (value.get("title") if hasattr(value, "get") else None) or block.block_type

    def is_satisfied(self, block, progress):
        return bool(progress and progress.is_satisfied)

    def needs(self, block, progress):
        """What the student still has to do (only asked while the block is not satisfied)."""
        return f"Complete “{self.title(block)}”"

    def student_state(self, block, progress):
        """Per-student fields for the block's value in the lesson API (beyond is_required/is_satisfied)."""
        return {}

    def lesson_state(self, lesson, block, progress):
        """What the lesson API adds to the block's value; a tracker that needs the lesson (a row keyed by
        lesson and block, as quizzes have) overrides this, the rest answer `student_state`."""
        return self.student_state(block, progress)


def register(tracker):
    """Register a tracker instance for its `block_type`; returns it (usable as a class decorator's result)."""
    if not tracker.block_type:
        raise ValueError("A tracker names the block type it tracks.")
    TRACKERS[tracker.block_type] = tracker
    return tracker


def unregister(block_type):
    TRACKERS.pop(block_type, None)


def tracker_for(block_type):
    return TRACKERS.get(block_type) or DEFAULT


def is_tracked(block_type):
    return block_type in TRACKERS


DEFAULT = BlockTracker()
