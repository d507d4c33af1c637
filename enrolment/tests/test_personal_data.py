"""Each room's personal data is reachable through the one registry in accounts."""

from accounts import personal_data
from enrolment.models import XAPIStatement
from enrolment.services import complete_lesson, enrol
from tests.support import lessons_of


def test_export_gathers_the_account_and_the_learning_records(student, course):
    enrol(student, course)
    complete_lesson(student, lessons_of(course)[0])
    data = personal_data.export_for(student)
    assert list(data)[:2] == ["account", "enrolment"]  # rooms above add theirs after
    assert data["account"]["email"] == "thandi@example.com"
    assert data["enrolment"]["enrolments"][0]["course_id"] == course.pk
    assert data["enrolment"]["lessons"][0]["status"] == "completed"


def test_erase_removes_traces_and_identity_and_leaves_others_alone(student, other_student, course):
    enrol(student, course)
    lesson = lessons_of(course)[0]
    for person in (student, other_student):
        XAPIStatement.objects.create(user=person, lesson=lesson, block_id="b", verb="answered", statement={"x": 1})
    assert personal_data.erase_for(student)[:2] == ["account", "enrolment"]
    student.refresh_from_db()
    assert not student.is_active and student.first_name == "" and "thandi" not in student.email
    assert not student.has_usable_password()
    assert list(XAPIStatement.objects.values_list("user", flat=True)) == [other_student.pk]
