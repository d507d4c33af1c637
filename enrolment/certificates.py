"""Certificates: issued once per completed enrolment, verified by a public code, revoked by admins.

`issue_certificate` is the one way a certificate comes to exist (the Celery task after a course
completes, and the API's generate call for a course completed before certificates existed). It
is idempotent: the enrolment's OneToOne row is the lock, so completing twice, a task retried or
two workers racing all end with one certificate, and `certificate_issued` fires for the one
that created it.

Codes are 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), printed in
groups of four: about 59 random bits, so guessing one is hopeless and rate limits make it
slower still. People type them back with or without dashes, spaces or lower case.
"""

import secrets
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from courses.roles import is_moderator
from lms_site.links import absolute_url

from .errors import EnrolmentError
from .events import certificate_issued
from .models import Certificate, Enrolment

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
CODE_GROUP = 4


def new_code():
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw):
    return "-".join(raw[i:i + CODE_GROUP] for i in range(0, len(raw), CODE_GROUP))


def normalise_code(text):
    """The canonical `XXXX-XXXX-XXXX` form of what someone typed, or None when it cannot be a code."""
    if not isinstance(text, str):
        return None
    raw = "".join(ch for ch in text.upper() if ch not in " -\t\n")
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return None
    return format_code(raw)


def completion_date(certificate, user=None):
    """The completion date in the student's own timezone (a course finished at 23:30 in Cape Town is that day there)."""
    name = getattr(user or certificate.enrolment.user, "timezone", "") or "Africa/Johannesburg"
    try:
        zone = ZoneInfo(name)
    except (KeyError, ValueError):
        zone = ZoneInfo("Africa/Johannesburg")
    return timezone.localtime(certificate.completed_at, zone).date()


def verify_url(certificate):
    return absolute_url(reverse("certificate-verify-code", args=[certificate.code]))


def issue_certificate(enrolment_id):
    """(certificate, created) for a completed enrolment; its PDF rendered if it has none yet.

    Raises EnrolmentError(409) when the enrolment has not completed its course.
    """
    from .certificate_pdf import render_certificate_pdf

    enrolment = Enrolment.objects.select_related("user", "course", "course__instructor", "course__owner").get(
        pk=enrolment_id
    )
    if enrolment.completed_at is None:
        raise EnrolmentError("This course is not complete yet.", "not_completed", status=409)
    created = False
    certificate = Certificate.objects.filter(enrolment=enrolment).first()
    if certificate is None:
        course = enrolment.course
        teacher = course.instructor or course.owner
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    enrolment=enrolment, code=new_code(),
                    student_name=enrolment.user.get_full_name() or enrolment.user.email,
                    course_title=course.title,
                    instructor_name=(teacher.get_full_name() or teacher.email) if teacher else "",
                    completed_at=enrolment.completed_at,
                )
                created = True
        except IntegrityError:
            # Another worker issued it first (or, once in 10^17, the code was taken: the retry draws anew).
            certificate = Certificate.objects.filter(enrolment=enrolment).first()
            if certificate is None:
                raise
    if not certificate.pdf:
        pdf = render_certificate_pdf(certificate)
        certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf), save=False)
        Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    if created:
        certificate_issued.send(sender=Certificate, certificate=certificate)
    return certificate, created


def queue_certificate(enrolment):
    """After the completing transaction commits, the pdf queue issues the certificate."""
    from lms_site.tasks import queue_after_commit

    from .tasks import issue_certificate as task

    queue_after_commit(task, enrolment.pk)


def generate_for(user, enrolment_id):
    """The API's generate: the user's own completed enrolment only (404 for anyone else's)."""
    enrolment = Enrolment.objects.filter(pk=enrolment_id, user=user).first() if user.is_authenticated else None
    if enrolment is None:
        raise EnrolmentError("No such enrolment of yours.", "not_found", status=404)
    return issue_certificate(enrolment.pk)[0]


def find_certificate(code):
    """The certificate a typed code names; EnrolmentError 400 for a malformed code, 404 for an unknown one."""
    canonical = normalise_code(code)
    if canonical is None:
        raise EnrolmentError(
            f"A certificate code has {CODE_LENGTH} letters and digits, like ABCD-EFGH-JK23.", "malformed_code",
            status=400,
        )
    certificate = Certificate.objects.filter(code=canonical).select_related("enrolment").first()
    if certificate is None:
        raise EnrolmentError("No certificate has this code.", "not_found", status=404)
    return certificate


def may_download(user, certificate):
    """Its student and admins (superusers, Moderators): nobody else gets the PDF."""
    if not getattr(user, "is_authenticated", False):
        return False
    return certificate.enrolment.user_id == user.pk or is_moderator(user)


def certificates_for(user):
    """The certificates this user may download."""
    if is_moderator(user):
        return Certificate.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    return Certificate.objects.filter(enrolment__user=user)


def revoke(certificate, by, reason):
    """Admins only. Verification then answers `revoked`, for the code and for the credential alike."""
    if not is_moderator(by):
        raise EnrolmentError("Only admins revoke certificates.", "permission_denied", status=403)
    reason = (reason or "").strip()
    if not reason:
        raise EnrolmentError("Say why the certificate is revoked.", "reason_required")
    Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revocation_reason=reason[:255]
    )
    certificate.refresh_from_db()
    return certificate
