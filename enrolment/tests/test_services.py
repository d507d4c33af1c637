"""Enrolment, access and progress rules, through the services every entry point calls."""

from decimal import Decimal

import pytest

from tests.support.clock import open_lesson_ago, rewind_lesson
from tests.support import lessons_of, make_course
from courses.models import CoursePage, LessonPage, SectionPage
from enrolment.models import Enrolment, LessonProgress
from enrolment.access import lesson_gate
from enrolment.outline import course_outline
from enrolment.services import EnrolmentError, complete_lesson, enrol, record_time

pytestmark = pytest.mark.django_db


def test_enrolling_twice_gives_one_enrolment(student, course):
    first, created = enrol(student, course)
    again, created_again = enrol(student, course)
    assert created and not created_again
    assert first.pk == again.pk
    assert Enrolment.objects.filter(user=student, course=course).count() == 1


def test_paid_course_cannot_be_joined_for_free(student, instructor):
    paid = make_course(instructor, title="Paid", pricing_type="paid", price=Decimal("499.00"))
    with pytest.raises(EnrolmentError) as error:
        enrol(student, paid)
    assert error.value.status == 402
    assert not Enrolment.objects.exists()


def test_draft_and_archived_courses_take_no_new_students(student, instructor):
    draft = make_course(instructor, title="Draft", live=False)
    archived = make_course(instructor, title="Old", is_archived=True)
    for course in (draft, archived):
        with pytest.raises(EnrolmentError):
            enrol(student, course)
    assert not Enrolment.objects.exists()


def test_first_lesson_is_open_and_the_next_is_locked_until_its_prerequisite_completes(student, course):
    enrol(student, course)
    first, second = lessons_of(course)[:2]
    assert not lesson_gate(student, first).state.is_locked
    state = lesson_gate(student, second).state
    assert state.is_locked and [lesson.pk for lesson in state.missing] == [first.pk]
    complete_lesson(student, first)
    assert not lesson_gate(student, second).state.is_locked


def test_completing_a_locked_lesson_is_refused_and_stores_nothing(student, course):
    enrol(student, course)
    locked = lessons_of(course)[3]
    with pytest.raises(EnrolmentError) as error:
        complete_lesson(student, locked)
    assert error.value.status == 403
    assert "Complete first" in error.value.message
    assert not LessonProgress.objects.filter(lesson=locked).exists()
    assert Enrolment.objects.get(user=student).progress == 0


def test_not_enrolled_student_cannot_complete_or_open(student, course):
    first = lessons_of(course)[0]
    assert lesson_gate(student, first).state.is_locked
    with pytest.raises(EnrolmentError):
        complete_lesson(student, first)
    assert not LessonProgress.objects.exists()


def test_preview_lesson_is_open_to_anyone(student, course):
    from django.contrib.auth.models import AnonymousUser

    lesson = lessons_of(course)[2]
    LessonPage.objects.filter(pk=lesson.pk).update(is_preview=True)
    lesson.refresh_from_db()
    assert not lesson_gate(AnonymousUser(), lesson).state.is_locked


def test_owner_and_moderator_see_every_lesson_without_enrolling(instructor, moderator, course):
    last = lessons_of(course)[-1]
    assert not lesson_gate(instructor, last).state.is_locked
    assert not lesson_gate(moderator, last).state.is_locked


def test_progress_is_completed_over_published_lessons_and_completion_is_stamped(student, course):
    enrol(student, course)
    lessons = lessons_of(course)
    complete_lesson(student, lessons[0])
    assert Enrolment.objects.get(user=student).progress == Decimal("16.67")
    for lesson in lessons[1:]:
        complete_lesson(student, lesson)
    enrolment = Enrolment.objects.get(user=student)
    assert enrolment.progress == Decimal("100.00")
    assert enrolment.completed_at is not None
    assert all(p.completed_at for p in LessonProgress.objects.filter(user=student))


def test_completing_twice_changes_nothing_the_second_time(student, course):
    enrol(student, course)
    first = lessons_of(course)[0]
    progress = complete_lesson(student, first)
    again = complete_lesson(student, first)
    assert progress.pk == again.pk and again.completed_at == progress.completed_at
    assert LessonProgress.objects.filter(user=student).count() == 1


def test_unpublished_prerequisite_does_not_block(student, course):
    enrol(student, course)
    first, second = lessons_of(course)[:2]
    first.unpublish()
    assert not lesson_gate(student, LessonPage.objects.get(pk=second.pk)).state.is_locked


def test_heartbeat_credits_no_more_than_the_server_clock_saw(student, course):
    enrol(student, course)
    first = lessons_of(course)[0]
    open_lesson_ago(student, first, 20)
    record_time(student, first, 20)  # first beat: what passed since opening
    progress = LessonProgress.objects.get(user=student, lesson=first)
    assert progress.time_spent_seconds == 20
    record_time(student, first, 3000)  # claims 50 minutes a moment later
    progress.refresh_from_db()
    assert progress.time_spent_seconds <= 20 + 6
    rewind_lesson(student, first, 30)
    record_time(student, first, 30)
    progress.refresh_from_db()
    assert 50 <= progress.time_spent_seconds <= 20 + 6 + 30


def test_heartbeat_rejects_nonsense(student, course):
    enrol(student, course)
    first = lessons_of(course)[0]
    for bad in (-1, "10", 1.5, True):
        with pytest.raises(EnrolmentError):
            record_time(student, first, bad)
    assert not LessonProgress.objects.exists()


def test_outline_resumes_at_the_last_lesson_opened(client, student, course):
    enrol(student, course)
    lessons = lessons_of(course)
    complete_lesson(student, lessons[0])
    client.force_login(student)
    client.get(lessons[1].url)
    outline = course_outline(student, CoursePage.objects.get(pk=course.pk))
    assert outline.resume_lesson().lesson.pk == lessons[1].pk
    dashboard = client.get("/dashboard/").content.decode()
    assert f"Continue: {lessons[1].title}" in dashboard and lessons[1].url in dashboard


def test_publishing_a_new_lesson_lowers_everyones_progress(student, course, instructor, django_capture_on_commit_callbacks):
    from courses.models import SectionPage

    enrol(student, course)
    for lesson in lessons_of(course):
        complete_lesson(student, lesson)
    section = SectionPage.objects.child_of(course).first()
    extra = LessonPage(title="Bonus", owner=instructor, live=False, body=[])
    section.add_child(instance=extra)
    with django_capture_on_commit_callbacks(execute=True):
        extra.save_revision(user=instructor).publish()
    enrolment = Enrolment.objects.get(user=student)
    assert enrolment.progress == Decimal("85.71")
    assert enrolment.completed_at is not None  # finishing the course stays a fact


def test_a_preview_lesson_does_not_complete_before_its_prerequisites(client, student, course):
    enrol(student, course)
    third = lessons_of(course)[2]  # requires lesson 2, which requires lesson 1
    LessonPage.objects.filter(pk=third.pk).update(is_preview=True)
    client.force_login(student)
    assert client.get(third.url).status_code == 200  # a preview is open to read
    response = client.post(f"/api/lessons/{third.pk}/complete/")
    assert response.status_code == 403 and response.json()["code"] == "prerequisites"
    assert not LessonProgress.objects.filter(user=student, lesson=third, status="completed").exists()


def test_progress_counts_only_lessons_students_can_see(student, course):
    enrol(student, course)
    second_section = SectionPage.objects.child_of(course).order_by("path").last()
    SectionPage.objects.filter(pk=second_section.pk).update(live=False)  # unpublished without its lessons
    for lesson in lessons_of(course)[:3]:
        complete_lesson(student, lesson)
    enrolment = Enrolment.objects.get(user=student)
    assert str(enrolment.progress) == "100.00" and enrolment.completed_at is not None
