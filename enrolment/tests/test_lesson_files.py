"""Lesson files (documents, H5P packages) follow the lesson gate, and no shared cache keeps them."""

import pytest
from wagtail.models import PageViewRestriction

from courses.models import LessonPage
from tests.support import lessons_of, make_course
from tests.support.h5p import h5p_preview_course as h5p_course

pytestmark = pytest.mark.django_db


def test_h5p_files_of_an_archived_or_restricted_course_stay_private(client, instructor):
    course, package = h5p_course(instructor)
    assert client.get(f"/h5p/{package.pk}/h5p.json").status_code == 200  # preview of a public course
    # Archived as the editor does it: a published change (which also refreshes cached course structures).
    course.is_archived = True
    course.save_revision().publish()
    assert client.get(f"/h5p/{package.pk}/h5p.json").status_code == 404  # as the lesson itself answers
    course.is_archived = False
    course.save_revision().publish()
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(f"/h5p/{package.pk}/h5p.json").status_code == 404


def test_a_private_pdf_cannot_be_unlocked_through_a_draft_lesson(client, instructor, other_instructor):
    from tests.support.pdfs import make_document, pdf_block

    document = make_document(uploaded_by=instructor)
    course = make_course(instructor, title="Owner's course", sections=1, lessons_per_section=1)
    lesson = lessons_of(course)[0]
    lesson.body = [pdf_block(document)]
    lesson.save()
    thief_course = make_course(other_instructor, title="Draft", sections=1, lessons_per_section=1, live=False)
    draft = LessonPage.objects.descendant_of(thief_course).get()
    draft.body = [pdf_block(document, block_id="stolen")]
    draft.save()
    client.force_login(other_instructor)
    assert client.get(document.url).status_code == 403


def test_private_lesson_files_are_never_kept_by_shared_caches(client, instructor):
    from tests.support.pdfs import make_document, pdf_block

    document = make_document(uploaded_by=instructor)
    course = make_course(instructor, title="Cached?", sections=1, lessons_per_section=1)
    lesson = lessons_of(course)[0]
    lesson.body = [pdf_block(document)]
    lesson.save()
    client.force_login(instructor)
    response = client.get(document.url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    _, package = h5p_course(instructor)
    assert client.get(f"/h5p/{package.pk}/h5p.json")["Cache-Control"].startswith("private")
