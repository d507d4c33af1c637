"""What the rooms below say happened, turned into notices for the people concerned (payments' receipts too).

Each receiver runs inside the transaction of the change it hears about; `notify` queues the
email on commit, and a key per event keeps a repeated event from notifying twice.
"""

from collections import defaultdict
from datetime import datetime, time

from allauth.account.signals import email_confirmed
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

from assessments.events import quiz_answers_released, submission_graded, submission_received
from assessments.models import QuizAttempt
from courses.models import CoursePage
from enrolment.certificates import verify_url
from enrolment.events import certificate_issued, enrolled
from enrolment.models import Enrolment
from lms_site.outbox import Attachment
from payments.events import invoice_issued
from payments.models import Invoice
from payments.templatetags.money_tags import rands_exact

from .services import notify


def teachers(course):
    """The course's instructor and owner (once each), active ones only."""
    ids = {i for i in (course.instructor_id, course.owner_id) if i}
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


@receiver(email_confirmed)
def welcome(request, email_address, **kwargs):
    user = email_address.user
    notify(user, "welcome", {"courses_url": settings.SITE_URL + "/courses/"}, url="/courses/", key="welcome")


@receiver(enrolled)
def enrolment_confirmation(sender, enrolment, **kwargs):
    course = enrolment.course
    notify(enrolment.user, "enrolled", {"course_title": course.title}, url=course.url or "/dashboard/")


@receiver(certificate_issued)
def certificate_ready(sender, certificate, **kwargs):
    notify(certificate.enrolment.user, "certificate_issued", {
        "course_title": certificate.course_title, "code": certificate.code, "verify_url": verify_url(certificate),
        "dashboard_url": settings.SITE_URL + reverse("dashboard"),
    }, url=reverse("dashboard"), key=f"certificate:{certificate.pk}")


@receiver(submission_received)
def work_to_grade(sender, submission, **kwargs):
    lesson = submission.assignment.lesson
    course = CoursePage.objects.ancestor_of(lesson).first()
    if course is None:
        return
    context = {"course_title": course.title, "student_name": submission.user.display_name,
               "assignment_title": submission.assignment.title or lesson.title, "version": submission.version}
    for teacher in teachers(course):
        if teacher.pk != submission.user_id:
            notify(teacher, "submission_received", context, url=f"/admin/assessments/submissions/{submission.pk}/grade/",
                   key=f"submission:{submission.pk}")


@receiver(submission_graded)
def work_graded(sender, submission, **kwargs):
    lesson = submission.assignment.lesson
    returned = submission.status == submission.Status.RETURNED
    notify(submission.user, "submission_graded", {
        "assignment_title": submission.assignment.title or lesson.title, "returned": returned,
        "score": submission.score.normalize() if submission.score is not None else "",
        "max_score": submission.assignment.max_score, "feedback": submission.feedback,
    }, url=lesson.url or "/dashboard/", key=f"graded:{submission.pk}:{submission.graded_at.timestamp():.0f}")


@receiver(quiz_answers_released)
def answers_released(sender, quiz, **kwargs):
    lesson = quiz.lesson
    course = CoursePage.objects.ancestor_of(lesson).first()
    students = get_user_model().objects.filter(
        pk__in=QuizAttempt.objects.filter(quiz=quiz).values("user_id"), is_active=True)
    for student in students:
        notify(student, "quiz_answers_released", {
            "quiz_title": quiz.title or lesson.title, "course_title": course.title if course else "",
        }, url=lesson.url or "/dashboard/", key=f"released:{quiz.pk}")


def reviewed_course(workflow_state):
    page = workflow_state.content_object
    page = getattr(page, "specific", page)
    return page if isinstance(page, CoursePage) else None


@receiver(task_submitted)
def course_submitted(sender, instance, user=None, **kwargs):
    """Moderators and superusers (who may approve too) hear of every submission for review (the first and each
    resubmission). This replaces Wagtail's own submission emails for courses (`wagtail_mail`)."""
    course = reviewed_course(instance.workflow_state)
    if course is None:
        return
    moderators = get_user_model().objects.filter(
        Q(groups__name=settings.MODERATORS_GROUP) | Q(is_superuser=True), is_active=True).distinct()
    for moderator in moderators:
        if user is not None and moderator.pk == user.pk:
            continue
        notify(moderator, "course_submitted", {
            "course_title": course.title, "submitter": user.display_name if user else "An instructor",
        }, url=f"/admin/courses/{course.pk}/review/", key=f"review-task:{instance.pk}")


def review_outcome(instance, kind):
    course = reviewed_course(instance)
    if course is None:
        return
    for teacher in teachers(course):
        notify(teacher, kind, {"course_title": course.title}, url=f"/admin/courses/{course.pk}/curriculum/",
               key=f"review:{instance.pk}:{instance.current_task_state_id}:{kind}")


@receiver(workflow_approved)
def course_approved(sender, instance, **kwargs):
    review_outcome(instance, "course_approved")


@receiver(workflow_rejected)
def course_rejected(sender, instance, **kwargs):
    review_outcome(instance, "course_rejected")


@receiver(invoice_issued)
def receipt(sender, invoice, **kwargs):
    """The buyer's receipt for a paid order (its tax invoice attached) or refund (its credit note), once per document.

    The PDF is named, not stored: `payments` renders it from the invoice's own figures when the email goes.
    """
    credit = invoice.kind == Invoice.Kind.CREDIT_NOTE
    history = reverse("payments:history")
    notify(invoice.order.user, "credit_note" if credit else "receipt", {
        "number": invoice.number, "description": invoice.description, "total": rands_exact(invoice.total),
        "reference": invoice.order.reference, "vat": invoice.is_tax_invoice,
    }, url=history, key=f"invoice:{invoice.pk}",
        attachments=[Attachment("invoice_pdf", invoice.pk, f"{invoice.number}.pdf")])


def enrolment_digest(day):
    """Notify each instructor of the students who enrolled in their courses on `day` (local date). Returns how many."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), zone)
    end = timezone.make_aware(datetime.combine(day, time.max), zone)
    counts = defaultdict(lambda: defaultdict(int))
    rows = Enrolment.objects.filter(enrolled_at__range=(start, end)).select_related("course")
    for enrolment in rows:
        course = enrolment.course
        for teacher_id in {i for i in (course.instructor_id, course.owner_id) if i}:
            counts[teacher_id][course.title] += 1
    people = get_user_model().objects.in_bulk(list(counts))
    sent = 0
    for teacher_id, by_course in counts.items():
        teacher = people.get(teacher_id)
        if teacher is None or not teacher.is_active:
            continue
        notice = notify(teacher, "enrolment_digest", {
            "day": day, "total": sum(by_course.values()), "courses": sorted(by_course.items()),
        }, url="/admin/", key=f"digest:{day.isoformat()}")
        sent += notice is not None
    return sent
