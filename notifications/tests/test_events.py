"""The emails an LMS sends, each from the event that causes it, each to the right people only."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from assessments.services import grade_submission, release_answers, start_attempt, submit_assignment
from assessments.tests.factories import assignment_lesson, quiz_lesson, quiz_value
from courses.models import CoursePage, LessonPage
from courses.review import submit_course
from enrolment.models import Certificate, Enrolment
from enrolment.services import complete_lesson, enrol, mark_complete
from notifications.models import Notification, SentEmail
from notifications.tasks import send_enrolment_digests
from tests.support import lessons_of, make_course, make_user
from tests.support.review import act, draft_course

pytestmark = pytest.mark.django_db


def subjects(to=None):
    return [m.subject for m in mail.outbox if to is None or m.to == [to]]


def test_enrolling_sends_a_confirmation(student, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enrol(student, course)
        enrol(student, course)  # enrolling again changes nothing
    assert subjects() == [f"You are enrolled in {course.title}"]


def test_completing_a_course_emails_the_certificate_link(student, course, django_capture_on_commit_callbacks):
    enrolment, _ = enrol(student, course)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in lessons_of(course):
            mark_complete(student, lesson, enrolment)
    certificate = Certificate.objects.get()
    [message] = mail.outbox
    assert message.subject == f"Your certificate for {course.title}" and message.to == [student.email]
    assert certificate.code in message.body and "/dashboard/" in message.body
    assert f"/certificates/verify/{certificate.code}/" in message.alternatives[0][0]
    assert Notification.objects.filter(user=student, kind="certificate_issued").count() == 1


def test_a_submission_tells_the_instructor_and_a_grade_tells_the_student(
        student, instructor, other_instructor, course, django_capture_on_commit_callbacks):
    _, assignment = assignment_lesson(course)
    enrol(student, course)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit_assignment(student, assignment, text="My budget.")
    assert subjects(instructor.email) == [f"New work to grade in {course.title}"]
    assert subjects(other_instructor.email) == [] and subjects(student.email) == []
    assert f"/admin/assessments/submissions/{submission.pk}/grade/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        grade_submission(instructor, submission, score=15, feedback="Add your rent.")
    [message] = mail.outbox
    assert message.to == [student.email] and message.subject == "Your work is graded: Your monthly budget"
    assert "15 / 20" in message.body and "Add your rent." in message.body


def test_releasing_quiz_answers_tells_the_students_who_took_it(student, other_student, instructor, course,
                                                              django_capture_on_commit_callbacks):
    _, quiz = quiz_lesson(course, quiz_value(feedback="delayed", max_attempts=3))
    enrol(student, course)
    enrol(other_student, course)  # enrolled, but never took the quiz
    start_attempt(student, quiz)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        release_answers(instructor, quiz)
        release_answers(instructor, quiz)
    assert subjects() == ["Answers released: Budget check"] and mail.outbox[0].to == [student.email]




def test_review_submitted_tells_moderators_and_the_outcome_tells_the_instructor(
        instructor, moderator, django_capture_on_commit_callbacks):
    other_moderator = make_user("mod2@example.com", settings.MODERATORS_GROUP, first_name="Sipho")
    course = draft_course(instructor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit_course(course, instructor)
    ours = [m for m in mail.outbox if m.subject == "Course to review: Household budgets"]
    assert sorted(m.to[0] for m in ours) == sorted([moderator.email, other_moderator.email])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(course, moderator, "reject", comment="Add an example.")
    assert "Changes requested: Household budgets" in subjects(instructor.email)
    with django_capture_on_commit_callbacks(execute=True):
        submit_course(CoursePage.objects.get(pk=course.pk), instructor)  # resubmitted: moderators hear again
    assert len([m for m in mail.outbox if m.subject == "Course to review: Household budgets"]) == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(CoursePage.objects.get(pk=course.pk), moderator, "approve", comment="")
    assert "Approved: Household budgets is live" in subjects(instructor.email)


def test_the_daily_digest_tells_each_instructor_about_their_own_new_students(
        student, other_student, instructor, other_instructor, course, other_course, django_capture_on_commit_callbacks):
    enrol(student, course)
    enrol(other_student, course)
    yesterday = timezone.localdate() - timedelta(days=1)
    Enrolment.objects.update(enrolled_at=timezone.now() - timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_enrolment_digests.delay().get() == 1
        send_enrolment_digests.delay().get()  # beat firing twice sends nothing new
    [message] = mail.outbox
    assert message.to == [instructor.email] and message.subject == "2 new students in your courses"
    assert f"{course.title}: 2" in message.body and yesterday.strftime("%B") in message.body


def test_the_digest_runs_daily_from_beat():
    schedule = settings.CELERY_BEAT_SCHEDULE["instructor-enrolment-digest"]
    assert schedule["task"] == "notifications.tasks.send_enrolment_digests"
    assert schedule["schedule"].hour == {7}


def test_confirming_an_email_address_sends_a_welcome(client, django_capture_on_commit_callbacks):
    from allauth.account.models import EmailAddress
    from allauth.account.signals import email_confirmed

    user = make_user("newbie@example.com", settings.STUDENTS_GROUP, first_name="Lerato")
    address = EmailAddress.objects.get(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
        email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    assert subjects("newbie@example.com") == ["Welcome to Leerhuis"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_completing_the_last_lesson_twice_at_once_issues_one_certificate_and_one_email(instructor, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "p")}}}
    course = make_course(instructor, title="Race to the end", sections=1, lessons_per_section=2, chain=False)
    student = make_user("racer@example.com", settings.STUDENTS_GROUP, first_name="Ayanda", last_name="Zulu")
    enrolment, _ = enrol(student, course)
    first, last = lessons_of(course)
    mark_complete(student, first, enrolment)
    mail.outbox.clear()
    errors, start = [], threading.Barrier(2)

    def finish():
        try:
            start.wait()
            complete_lesson(student, LessonPage.objects.get(pk=last.pk))
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=finish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1
    assert subjects("racer@example.com") == ["Your certificate for Race to the end"]
    assert SentEmail.objects.filter(kind="certificate_issued").count() == 1
