"""Regression tests for holes a review found: each was reproduced before it was fixed."""

from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import PageViewRestriction

from tests.support import lessons_of, make_course
from tests.support.h5p import MULTICHOICE
from courses.models import CoursePage, LessonPage, SectionPage
from enrolment.models import Enrolment, LessonProgress
from enrolment.services import complete_lesson, enrol

pytestmark = pytest.mark.django_db


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


def h5p_course(owner, **fields):
    from courses.h5p import create_package_from_path

    package = create_package_from_path(
        MULTICHOICE, "Quiz package", user=owner
    )
    course = make_course(owner, title="H5P course", sections=1, lessons_per_section=1, **fields)
    lesson = lessons_of(course)[0]
    lesson.is_preview = True
    lesson.body = [{"type": "h5p", "id": "h", "value": {
        "mode": "package", "package": package.pk, "embed_url": "", "title": "Quiz", "pass_percent": 70, "required": True}}]
    lesson.save()
    return course, package


def test_h5p_files_of_an_archived_or_restricted_course_stay_private(client, instructor):
    course, package = h5p_course(instructor)
    assert client.get(f"/h5p/{package.pk}/h5p.json").status_code == 200  # preview of a public course
    CoursePage.objects.filter(pk=course.pk).update(is_archived=True)
    assert client.get(f"/h5p/{package.pk}/h5p.json").status_code == 404  # as the lesson itself answers
    CoursePage.objects.filter(pk=course.pk).update(is_archived=False)
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(f"/h5p/{package.pk}/h5p.json").status_code == 404


def test_an_instructor_cannot_replace_another_instructors_h5p_package(client, instructor, other_instructor):
    _, package = h5p_course(instructor)
    client.force_login(other_instructor)
    response = client.post(f"/admin/snippets/courses/h5ppackage/edit/{package.pk}/", {"title": "Hijacked"})
    assert response.status_code in (302, 403)
    package.refresh_from_db()
    assert package.title == "Quiz package"


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


def test_an_instructor_cannot_move_a_page_into_another_instructors_course(client, instructor, other_instructor):
    mine = make_course(instructor, title="Mine", sections=1, lessons_per_section=1, live=False)
    theirs = make_course(other_instructor, title="Theirs", sections=1, lessons_per_section=1)
    lesson = LessonPage.objects.descendant_of(mine).get()
    target = SectionPage.objects.child_of(theirs).get()
    client.force_login(instructor)
    client.post(f"/admin/pages/{lesson.pk}/move/{target.pk}/confirm/")
    assert LessonPage.objects.descendant_of(theirs).count() == 1


def test_an_instructor_cannot_copy_a_page_into_another_instructors_course(client, instructor, other_instructor):
    mine = make_course(instructor, title="Mine", sections=1, lessons_per_section=1)
    theirs = make_course(other_instructor, title="Theirs", sections=1, lessons_per_section=1)
    lesson = LessonPage.objects.descendant_of(mine).get()
    target = SectionPage.objects.child_of(theirs).get()
    client.force_login(instructor)
    client.post(f"/admin/pages/{lesson.pk}/copy/", {"new_title": "Planted", "new_slug": "planted", "new_parent_page": target.pk})
    assert not LessonPage.objects.filter(title="Planted").exists()


@pytest.mark.parametrize("path", ["/api/lessons/99999999999999999999999/", "/api/courses/99999999999999999999999/"])
def test_absurd_ids_are_404_not_500(client, path):
    assert client.get(path).status_code == 404


def test_an_archived_courses_preview_lesson_is_gone_from_the_site(client, instructor):
    course = make_course(instructor, title="Old", sections=1, lessons_per_section=1, is_archived=True)
    lesson = lessons_of(course)[0]
    LessonPage.objects.filter(pk=lesson.pk).update(is_preview=True)
    assert client.get(lesson.url).status_code == 404


def test_development_media_view_normalises_paths_before_refusing(rf):
    from django.http import Http404

    from home.views import public_media

    for path in ["/documents/a.pdf", "./documents/a.pdf", "images/../documents/a.pdf", "../settings.py"]:
        with pytest.raises(Http404):
            public_media(rf.get("/media/x"), path)


def test_an_instructor_edits_their_own_h5p_package(client, instructor):
    _, package = h5p_course(instructor)
    client.force_login(instructor)
    assert client.get(f"/admin/snippets/courses/h5ppackage/edit/{package.pk}/").status_code == 200


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


def test_a_preview_lesson_says_what_to_finish_instead_of_offering_mark_complete(client, student, course):
    enrol(student, course)
    third = lessons_of(course)[2]
    LessonPage.objects.filter(pk=third.pk).update(is_preview=True)
    client.force_login(student)
    html = client.get(third.url).content.decode()
    assert "Complete first: Lesson 1.2" in html and "Mark complete" not in html
