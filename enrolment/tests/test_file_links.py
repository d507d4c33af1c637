"""Lesson files for API clients: short-lived signed links bound to the user and the lesson.

A mobile client reads `document_url` from the lesson API and opens it in a viewer that sends no
cookie and no token; the H5P `package_url` is a player page bound to the student it was made for.
"""

import pytest
from rest_framework.test import APIClient

from accounts.tokens import issue_tokens
from enrolment.models import Enrolment
from enrolment.services import enrol
from tests.support import client_as, lessons_of, put_blocks
from tests.support.h5p import h5p_block, package_from_data
from tests.support.pdfs import make_document, minimal_pdf, pdf_block

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def document():
    return make_document("Budget worksheet", "budget-worksheet.pdf")


@pytest.fixture
def lesson(course, document):
    return put_blocks(lessons_of(course)[0], pdf_block(document, "pdf1"))


def bearer(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_tokens(user).access_token}")
    return client


def document_url_for(user, lesson):
    response = bearer(user).get(f"/api/lessons/{lesson.pk}/")
    assert response.status_code == 200, response.content
    return next(b["value"]["document_url"] for b in response.json()["content"] if b["type"] == "pdf")


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_bearer_client_opens_the_pdf_through_its_link_without_any_credentials(student, course, lesson):
    enrol(student, course)
    url = document_url_for(student, lesson)

    response = APIClient().get(url)  # a system PDF viewer: no cookie, no token

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert body_of(response) == minimal_pdf("Budget worksheet")
    assert response["Cache-Control"] == "private, no-store"


def test_after_it_expires_nobody_opens_the_link_not_even_its_student(student, other_student, course, lesson, settings):
    enrol(student, course)
    url = document_url_for(student, lesson)
    settings.FILE_LINK_MAX_AGE = -1  # the link's five minutes are over

    for client in (APIClient(), client_as(other_student), bearer(student)):
        response = client.get(url)
        assert response.status_code == 403
        assert response.json() == {
            "detail": "This link has expired or is not valid. Open the lesson again for a fresh one.",
            "code": "link_expired",
        }


def test_a_forged_or_edited_link_is_refused(student, course, lesson, other_course):
    enrol(student, course)
    url = document_url_for(student, lesson)
    prefix, token, filename = url.rsplit("/", 2)
    payload, stamp, signature = token.split(":")
    forged = [
        f"{prefix}/{payload}:{stamp}:{signature[:-2]}xx/{filename}",
        f"{prefix}/not-a-token/{filename}",
        f"{prefix}/{payload[:-3]}abc:{stamp}:{signature}/{filename}",
    ]
    for link in forged:
        assert APIClient().get(link).status_code == 403, link


def test_a_link_stops_working_when_its_student_leaves_the_course_or_is_deactivated(student, other_student, course, lesson):
    enrol(student, course)
    enrol(other_student, course)
    first, second = document_url_for(student, lesson), document_url_for(other_student, lesson)

    Enrolment.objects.filter(user=student).delete()
    other_student.is_active = False
    other_student.save()

    assert APIClient().get(first).status_code == 403
    assert APIClient().get(second).status_code == 403


def test_a_link_to_a_document_taken_out_of_the_lesson_is_gone(student, course, lesson):
    enrol(student, course)
    url = document_url_for(student, lesson)
    put_blocks(lesson, {"type": "rich_text", "value": "<p>No worksheet now.</p>", "id": "t"})
    assert APIClient().get(url).status_code == 404


def test_the_lesson_api_gives_no_link_to_people_who_may_not_open_the_lesson(student, other_student, other_instructor,
                                                                           course, other_course, lesson):
    enrol(other_student, other_course)
    for user in (student, other_student, other_instructor):  # not enrolled, another course's student, its teacher
        response = bearer(user).get(f"/api/lessons/{lesson.pk}/")
        assert response.status_code == 403
        assert "document_url" not in response.content.decode()
    assert APIClient().get(f"/api/lessons/{lesson.pk}/").status_code == 403


def test_the_document_url_itself_answers_a_bearer_token(student, other_student, course, lesson, document):
    enrol(student, course)
    direct = f"{document.url}"

    assert bearer(student).get(direct).status_code == 200
    assert bearer(other_student).get(direct).status_code == 403
    assert APIClient().get(direct).status_code == 403
    assert APIClient().get(direct, HTTP_AUTHORIZATION="Bearer not-a-jwt").status_code == 403


# --- the H5P player link is bound to its student -------------------------------------------------


@pytest.fixture
def h5p_lesson(course):
    package = package_from_data()
    return put_blocks(lessons_of(course)[0], h5p_block(package)), package


def package_url_for(user, lesson):
    content = bearer(user).get(f"/api/lessons/{lesson.pk}/").json()["content"]
    return next(b["value"]["package_url"] for b in content if b["type"] == "h5p")


def test_the_h5p_player_opens_for_its_student_until_they_leave_the_course(student, course, h5p_lesson):
    lesson, package = h5p_lesson
    enrol(student, course)
    url = package_url_for(student, lesson)

    assert APIClient().get(url).status_code == 200  # the sandboxed frame sends no credentials

    Enrolment.objects.filter(user=student).delete()
    assert APIClient().get(url).status_code == 403
