"""A block type added from outside enrolment gates lessons through its own tracker alone.

The "checklist" block and its tracker exist only in this test, as the quiz and assignment apps
will: the block joins the lesson body, the tracker registers itself, and the lesson page, the
lesson API and completion all follow it without an edit to enrolment.
"""

import pytest
from wagtail import blocks

from courses.models import LessonPage
from enrolment.access import lesson_gate
from enrolment.models import LessonProgress
from enrolment.services import enrol
from enrolment.trackers import BlockTracker, register, tracker_for, unregister
from enrolment.tracking import block_result, find_block, lock_block_progress, satisfy_block
from tests.support import client_as, lessons_of, put_blocks


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    items = blocks.IntegerBlock()

    def is_required(self, value):
        return True


class ChecklistTracker(BlockTracker):
    block_type = "checklist"

    def needs(self, block, progress):
        ticked = progress.open_count if progress else 0
        return f"Tick {block.value['items'] - ticked} more on “{self.title(block)}”"

    def student_state(self, block, progress):
        return {"ticked": progress.open_count if progress else 0}


def tick(user, lesson, block_id):
    """The checklist app's own service, built from enrolment's public tracking verbs."""
    access = lesson_gate(user, lesson).require_tracking()
    block = find_block(lesson, block_id, "checklist")
    row = lock_block_progress(user, lesson, block)
    row.open_count += 1
    row.save()
    done = row.open_count >= block.value["items"] and satisfy_block(row, access.enrolment)
    return block_result(access, block, row, done, ticked=row.open_count)


@pytest.fixture
def checklist():
    stream = LessonPage._meta.get_field("body").stream_block
    block = ChecklistBlock()
    block.set_name("checklist")
    stream.child_blocks["checklist"] = block
    register(ChecklistTracker())
    yield
    del stream.child_blocks["checklist"]
    unregister("checklist")


def test_a_block_type_from_another_app_gates_the_lesson_through_its_tracker(checklist, student, course):
    enrol(student, course)
    lesson = put_blocks(lessons_of(course)[0], {
        "type": "checklist", "id": "c1", "value": {"title": "Before you budget", "items": 2},
    })
    lesson = LessonPage.objects.get(pk=lesson.pk)
    client = client_as(student)

    page = client.get(lesson.url).content.decode()
    assert "Tick 2 more on “Before you budget”" in page
    detail = client.get(f"/api/lessons/{lesson.pk}/").json()
    assert detail["requirements"] == [{
        "block_id": "c1", "type": "checklist", "is_required": True, "is_satisfied": False,
        "needs": "Tick 2 more on “Before you budget”",
    }]
    assert detail["content"][0]["value"]["ticked"] == 0 and detail["content"][0]["value"]["is_satisfied"] is False
    # "Mark complete" is refused: the block decides.
    assert client.post(f"/api/lessons/{lesson.pk}/complete/").status_code == 409

    first = tick(student, lesson, "c1")
    assert (first["needs"], first["lesson_completed"]) == ("Tick 1 more on “Before you budget”", False)
    second = tick(student, lesson, "c1")
    assert second["is_satisfied"] and second["lesson_completed"] and second["needs"] == ""
    assert LessonProgress.objects.get(user=student, lesson=lesson).is_completed


def test_without_its_registration_a_block_type_has_only_the_default_tracker(db):
    assert tracker_for("checklist").block_type == ""
