"""Video watching, credited by what was really played.

The player reports the intervals it played. The server merges them per student and block and
credits newly covered seconds within two bounds from its own clock, both at up to 2x playback
speed plus SLACK_SECONDS: per report, the time since the previous report (at most
MAX_CREDIT_PER_REPORT); in total, the time since the student first opened the lesson. So
seeking ahead, replaying a minute, a burst of reports, or forging "I watched everything" a few
seconds after opening the page cannot reach the required percentage: after t seconds on the
lesson a block has at most 2t + 3 seconds watched.
"""

import math

from django.db import transaction
from django.utils import timezone

from courses.blocks.media import video_duration

from ..access import gate_for
from ..errors import EnrolmentError
from ..services import lock_lesson_progress
from ..tracking import block_result, find_block, lock_block_progress, satisfy_block
from . import BlockTracker, register

SPEED_ALLOWANCE = 2.0  # players offer up to 2x playback
SLACK_SECONDS = 3.0  # network jitter between the player's clock and ours
MAX_CREDIT_PER_REPORT = 120.0  # a tab left open for an hour earns nothing extra
MAX_INTERVALS = 500


def clean_intervals(raw, duration):
    """Validate [[start, end], ...] from a client, clipped to the video; raise EnrolmentError."""
    if not isinstance(raw, list) or len(raw) > MAX_INTERVALS:
        raise EnrolmentError(f"intervals must be a list of at most {MAX_INTERVALS} [start, end] pairs.", "invalid")
    cleaned = []
    for pair in raw:
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2):
            raise EnrolmentError("Each interval is a [start, end] pair of seconds.", "invalid")
        start, end = pair
        if any(isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) for x in (start, end)):
            raise EnrolmentError("Interval bounds must be numbers of seconds.", "invalid")
        if start < 0 or end < start:
            raise EnrolmentError("An interval must start at 0 or later and end after it starts.", "invalid")
        start, end = min(float(start), duration), min(float(end), duration)
        if end > start:
            cleaned.append((start, end))
    return cleaned


def merge(intervals):
    """Sorted, non-overlapping intervals covering the same seconds."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def covered(intervals):
    return sum(end - start for start, end in intervals)


def uncovered_parts(existing, new):
    """Pieces of `new` (merged) not already in `existing` (merged), in time order."""
    parts = []
    for start, end in merge(new):
        cursor = start
        for s, e in existing:
            if e <= cursor or s >= end:
                continue
            if s > cursor:
                parts.append([cursor, s])
            cursor = max(cursor, e)
            if cursor >= end:
                break
        if cursor < end:
            parts.append([cursor, end])
    return parts


def credit(existing, new, budget):
    """Add at most `budget` newly covered seconds of `new` to `existing`. Returns (merged, credited)."""
    existing = merge(existing)
    taken, credited = [], 0.0
    for start, end in uncovered_parts(existing, new):
        if credited >= budget:
            break
        end = min(end, start + (budget - credited))
        taken.append([start, end])
        credited += end - start
    return merge(existing + taken), credited


def playable_since(moment, now):
    """Seconds of video one could have played since `moment`, at the fastest allowed speed."""
    return max(0.0, (now - moment).total_seconds()) * SPEED_ALLOWANCE + SLACK_SECONDS


def report_budget(row, first_opened_at, now):
    """New seconds this report may add: per report and in total (see the module docstring)."""
    in_total = playable_since(first_opened_at, now) - (row.watched_seconds or 0)
    if row.last_report_at is None:
        return max(0.0, in_total)
    return max(0.0, min(MAX_CREDIT_PER_REPORT, playable_since(row.last_report_at, now), in_total))


def watched_percent(value, watched_seconds):
    """Whole percent of the video's length covered by what was played (0 for a video of unknown length)."""
    duration = video_duration(value)
    if not duration:
        return 0
    return min(100, int(watched_seconds * 100 // duration))


class VideoTracker(BlockTracker):
    block_type = "video"

    def percent(self, block, progress):
        return watched_percent(block.value, progress.watched_seconds if progress else 0)

    def needs(self, block, progress):
        more = max(1, block.value["required_percent"] - self.percent(block, progress))
        return f"Watch {more}% more of “{self.title(block)}”"

    def student_state(self, block, progress):
        return {"watched_percent": self.percent(block, progress), "position": progress.position if progress else 0}


register(VideoTracker())


def record_video_progress(user, lesson, block_id, intervals, position=None, access=None):
    """Record played intervals for a video block; completes the block (and lesson) at its percentage."""
    access = gate_for(user, lesson, access).require_tracking()
    block = find_block(lesson, block_id, "video")
    duration = video_duration(block.value)
    if not duration:
        raise EnrolmentError("This video has no known length, so it is not tracked.", "untracked", status=409)
    new = clean_intervals(intervals, duration)
    if position is not None and (isinstance(position, bool) or not isinstance(position, (int, float))
                                 or not math.isfinite(position) or position < 0):
        raise EnrolmentError("position must be a number of seconds, 0 or more.", "invalid")

    with transaction.atomic():
        opened = lock_lesson_progress(user, lesson, access.enrolment).first_opened_at
        row = lock_block_progress(user, lesson, block)
        now = timezone.now()
        merged, credited = credit(row.intervals or [], new, report_budget(row, opened, now))
        row.intervals = [[round(s, 3), round(e, 3)] for s, e in merged]
        row.watched_seconds = round(covered(merged), 3)
        if position is not None:
            row.position = round(min(float(position), duration), 3)
        row.last_report_at = now
        row.save()
        percent = watched_percent(block.value, row.watched_seconds)
        lesson_completed = False
        if block.value["counts_toward_completion"] and percent >= block.value["required_percent"]:
            lesson_completed = satisfy_block(row, access.enrolment)
    return block_result(
        access, block, row, lesson_completed,
        watched_percent=percent, watched_seconds=row.watched_seconds,
        credited_seconds=round(credited, 3), position=row.position,
    )
