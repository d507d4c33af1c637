"""Certificates: issued once when a course completes, a real PDF, verifiable by code, only its owner downloads it."""

import io
from datetime import datetime, timezone as dt_timezone

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from pypdf import PdfReader

from enrolment.certificates import issue_certificate, normalise_code, revoke
from enrolment.models import Certificate, Enrolment
from enrolment.services import enrol, mark_complete
from tests.support import client_as, lessons_of, make_course, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "private")}}}


def finish(student, course, capture):
    """The student completes every lesson; what is queued on commit runs (eager Celery, as in `make run`)."""
    enrolment, _ = enrol(student, course)
    with capture(execute=True):
        for lesson in lessons_of(course):
            mark_complete(student, lesson, enrolment)
    return Enrolment.objects.get(pk=enrolment.pk)


def pdf_text(certificate):
    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def finished(student, course, django_capture_on_commit_callbacks):
    enrolment = finish(student, course, django_capture_on_commit_callbacks)
    return Certificate.objects.get(enrolment=enrolment)


def test_completing_the_course_issues_a_pdf_with_name_course_date_and_code(finished, student, course):
    text = pdf_text(finished)
    assert "Thandi Nkosi" in text
    assert course.title in text
    assert finished.code in text
    assert "Naledi Dlamini" in text  # the instructor signs by default
    local_day = finished.completed_at.astimezone(__import__("zoneinfo").ZoneInfo(student.timezone)).date()
    assert f"{local_day.day} {local_day:%B %Y}" in text
    assert len(PdfReader(finished.pdf.path).pages) == 1


def test_the_completion_date_is_the_students_own_day(student, course, django_capture_on_commit_callbacks):
    # 12:30 UTC on 31 December is already 1 January in Auckland (UTC+13 in summer).
    student.timezone = "Pacific/Auckland"
    student.save()
    enrolment = finish(student, course, django_capture_on_commit_callbacks)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=datetime(2026, 12, 31, 12, 30, tzinfo=dt_timezone.utc))
    Certificate.objects.all().delete()
    certificate, created = issue_certificate(enrolment.pk)
    assert created
    assert "Completed on 1 January 2027" in pdf_text(certificate)


def test_codes_are_short_unambiguous_and_read_back_however_typed(finished):
    code = finished.code
    assert len(code) == 14 and code.count("-") == 2
    assert not set(code) & set("01OIL")
    assert normalise_code(code.lower().replace("-", " ")) == code
    assert normalise_code("ABCD-EFGH-IJK0") is None  # I and 0 are never in a code
    assert normalise_code("") is None and normalise_code(None) is None


def test_the_course_design_is_printed(student, course, django_capture_on_commit_callbacks):
    course.certificate_signatory = "Dr Lindiwe Mokoena"
    course.certificate_signatory_title = "Head of training"
    course.certificate_wording = "has shown mastery of"
    course.save()
    enrolment = finish(student, course, django_capture_on_commit_callbacks)
    text = pdf_text(Certificate.objects.get(enrolment=enrolment))
    assert "Dr Lindiwe Mokoena" in text and "Head of training" in text and "has shown mastery of" in text


def test_issuing_again_returns_the_same_certificate(finished):
    again, created = issue_certificate(finished.enrolment_id)
    assert not created and again.pk == finished.pk
    assert Certificate.objects.count() == 1


def test_an_incomplete_course_has_no_certificate(student, course, django_capture_on_commit_callbacks):
    enrolment, _ = enrol(student, course)
    with django_capture_on_commit_callbacks(execute=True):
        mark_complete(student, lessons_of(course)[0], enrolment)
    assert not Certificate.objects.exists()


def test_a_rolled_back_completion_issues_no_certificate_and_sends_no_email(student, course, django_capture_on_commit_callbacks):
    enrolment, _ = enrol(student, course)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                for lesson in lessons_of(course):
                    mark_complete(student, lesson, enrolment)
                raise RuntimeError("the request failed after completing the course")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Certificate.objects.exists()
    assert mail.outbox == []
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is None


# Verification: pages and API


def test_verification_page_shows_a_valid_certificate(finished):
    response = client_as(None).get(f"/certificates/verify/{finished.code}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in body and "Thandi Nkosi" in body and finished.course_title in body
    assert "thandi@example.com" not in body  # nothing beyond what the certificate shows


def test_verification_accepts_a_code_typed_loosely(finished):
    response = client_as(None).get("/certificates/verify/", {"code": finished.code.lower().replace("-", " ")})
    assert response.status_code == 302 and response["Location"].endswith(f"/certificates/verify/{finished.code}/")


def test_verification_of_an_unknown_code_says_not_found(db):
    response = client_as(None).get("/certificates/verify/ABCD-EFGH-JK23/")
    assert response.status_code == 404 and "No certificate has this code" in response.content.decode()


def test_verification_of_a_malformed_code_says_what_a_code_looks_like(db):
    for bad in ["hello", "ABCD-EFGH-JK2", "ABCD-EFGH-JK20", "x" * 300]:
        response = client_as(None).get(f"/certificates/verify/{bad}/")
        assert response.status_code == 400, bad
        assert "12 letters and digits" in response.content.decode()
    response = client_as(None).get("/certificates/verify/", {"code": "<script>"})
    assert response.status_code == 400 and "<script>" not in response.content.decode()


def test_a_revoked_certificate_verifies_as_revoked(finished, admin_user):
    revoke(finished, admin_user, "Issued in error")
    page = client_as(None).get(f"/certificates/verify/{finished.code}/")
    assert page.status_code == 200 and 'data-status="revoked"' in page.content.decode()
    api = client_as(None).get(f"/api/certificates/verify/{finished.code}/")
    assert api.json()["status"] == "revoked"


def test_only_admins_revoke(finished, student, instructor):
    from enrolment.errors import EnrolmentError

    for user in (student, instructor):
        with pytest.raises(EnrolmentError):
            revoke(finished, user, "no")
    assert not Certificate.objects.get(pk=finished.pk).is_revoked


def test_api_verification_answers_the_printed_facts_and_no_pdf_for_strangers(finished):
    response = client_as(None).get(f"/api/certificates/verify/{finished.code}/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid" and body["student_name"] == "Thandi Nkosi"
    assert body["pdf_url"] is None
    assert body["verify_url"] == f"{settings.SITE_URL}/certificates/verify/{finished.code}/"
    assert set(body) == {"code", "status", "student_name", "course_title", "completed_at", "issued_at", "pdf_url",
                         "verify_url"}


def test_api_verification_of_unknown_and_malformed_codes(db):
    unknown = client_as(None).get("/api/certificates/verify/ABCD-EFGH-JK23/")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    malformed = client_as(None).get("/api/certificates/verify/not-a-code/")
    assert malformed.status_code == 400 and malformed.json()["code"] == "malformed_code"


def test_verification_is_rate_limited_per_client(settings, finished):
    from django.core.cache import cache

    cache.clear()
    settings.CERTIFICATE_VERIFY_RATE = "3/min"
    client = client_as(None)
    statuses = [client.get(f"/certificates/verify/{finished.code}/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(f"/api/certificates/verify/{finished.code}/").status_code == 429
    cache.clear()


# Downloads: the owner and admins only


def test_the_owner_downloads_the_pdf(finished, student):
    response = client_as(student).get(f"/certificates/{finished.code}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]


def test_another_users_certificate_pdf_is_refused(finished, other_student, instructor, other_instructor, other_course):
    enrol(other_student, other_course)  # a student of another course; the course's own instructor; another instructor
    for user in (other_student, instructor, other_instructor):
        response = client_as(user).get(f"/certificates/{finished.code}/pdf/")
        assert response.status_code == 403, user
        assert client_as(user).get(f"/certificates/{finished.code}/credential/").status_code == 403
        assert client_as(user).get(f"/certificates/{finished.code}/linkedin/").status_code == 403
    anonymous = client_as(None).get(f"/certificates/{finished.code}/pdf/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_an_admin_may_download_any_certificate(finished, admin_user):
    assert client_as(admin_user).get(f"/certificates/{finished.code}/pdf/").status_code == 200


def test_pdf_url_is_a_signed_link_for_api_clients_and_bound_to_the_owner(finished, student, client_for):
    body = client_for(student).get(f"/api/certificates/{finished.enrolment_id}/generate/").json()
    path = body["pdf_url"].removeprefix(settings.SITE_URL)
    response = client_as(None).get(path)  # a download manager with no session and no token
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    forged = path.replace("/file/", "/file/x")
    assert client_as(None).get(forged).status_code == 403


def test_a_signed_link_stops_working_once_it_expires(finished, student, client_for, settings):
    settings.FILE_LINK_MAX_AGE = 0
    body = client_for(student).get(f"/api/certificates/{finished.enrolment_id}/generate/").json()
    import time

    time.sleep(1.1)
    response = client_as(None).get(body["pdf_url"].removeprefix(settings.SITE_URL))
    assert response.status_code == 403 and response.json()["code"] == "link_expired"


# The generate endpoint


def test_generate_returns_my_certificate(finished, student, client_for):
    response = client_for(student).get(f"/api/certificates/{finished.enrolment_id}/generate/")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == finished.code and body["status"] == "valid" and body["pdf_url"].startswith(settings.SITE_URL)


def test_generate_issues_a_missing_certificate_for_a_completed_course(finished, student, client_for):
    Certificate.objects.all().delete()
    response = client_for(student).get(f"/api/certificates/{finished.enrolment_id}/generate/")
    assert response.status_code == 200 and Certificate.objects.count() == 1


def test_generate_refuses_an_incomplete_course(student, course, client_for):
    enrolment, _ = enrol(student, course)
    response = client_for(student).get(f"/api/certificates/{enrolment.pk}/generate/")
    assert response.status_code == 409 and response.json()["code"] == "not_completed"


def test_generate_refuses_everyone_but_the_student(finished, other_student, instructor, other_instructor, client_for,
                                                   other_course):
    enrol(other_student, other_course)  # a student of another course
    for user in (other_student, instructor, other_instructor):
        response = client_for(user).get(f"/api/certificates/{finished.enrolment_id}/generate/")
        assert response.status_code == 404, user
    assert client_for(None).get(f"/api/certificates/{finished.enrolment_id}/generate/").status_code == 401
    assert client_for(None).get("/api/certificates/99999999/generate/").status_code == 401


def test_the_dashboard_offers_the_certificate(finished, student):
    body = client_as(student).get("/dashboard/").content.decode()
    assert f"/certificates/{finished.code}/pdf/" in body
    assert "Add to LinkedIn profile" in body and finished.code in body


def test_an_admin_revokes_in_the_admin_with_a_reason(finished, admin_user, moderator, instructor):
    listing = client_as(admin_user).get("/admin/certificates/")
    assert listing.status_code == 200 and finished.code in listing.content.decode()
    assert client_as(instructor).get("/admin/certificates/").status_code in (302, 403)
    response = client_as(moderator).post(f"/admin/certificates/edit/{finished.pk}/", {"revocation_reason": "Plagiarism"})
    assert response.status_code == 302
    finished.refresh_from_db()
    assert finished.is_revoked and finished.revocation_reason == "Plagiarism"


def test_the_courses_logo_and_signature_are_drawn_on_the_certificate(student, course, django_capture_on_commit_callbacks):
    import PIL.Image
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    def picture(title, colour):
        buffer = io.BytesIO()
        PIL.Image.new("RGB", (240, 80), colour).save(buffer, "PNG")
        return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))

    course.certificate_logo = picture("logo", "#0f766e")
    course.certificate_signature = picture("signature", "#111827")
    course.save()
    enrolment = finish(student, course, django_capture_on_commit_callbacks)
    with Certificate.objects.get(enrolment=enrolment).pdf.open("rb") as handle:
        page = PdfReader(io.BytesIO(handle.read())).pages[0]
    assert len(page.images) == 3  # logo, signature and the QR code


def test_missing_certificates_are_issued_by_the_backfill_command(student, other_student, course, capsys,
                                                                  django_capture_on_commit_callbacks):
    from django.core.management import call_command

    finish(student, course, django_capture_on_commit_callbacks)
    Certificate.objects.all().delete()  # completed before certificates existed
    call_command("issue_missing_certificates")
    assert "Queued 1 certificate." in capsys.readouterr().out
    assert Certificate.objects.get().student_name == "Thandi Nkosi"
    call_command("issue_missing_certificates")
    assert Certificate.objects.count() == 1
