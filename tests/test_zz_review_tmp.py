import json
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from conftest import client_as, lessons_of, make_course
from enrolment.models import LessonProgress, Enrolment
from enrolment.services import enrol

FIX = Path(settings.BASE_DIR).parent / "shared" / "fixtures" / "h5p"


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_preview_lesson_completes_before_prerequisites(student, course):
    enrol(student, course)
    lessons = lessons_of(course)
    third = lessons[2]  # requires lesson 2 which requires lesson 1
    third.is_preview = True
    third.save_revision().publish()
    c = client_as(student)
    r = c.post(f"/api/lessons/{third.pk}/complete/")
    print(r.status_code, r.json())
    assert r.status_code == 200
    assert LessonProgress.objects.get(user=student, lesson=third).status == "completed"
    # html route too
    r2 = c.get(f"/api/lessons/{lessons[1].pk}/")
    print("lesson 2 still locked:", r2.status_code)


def test_enrolled_staff_equivalent_moderator(moderator, course):
    enrol(moderator, course)
    lessons = lessons_of(course)
    r = client_as(moderator).post(f"/api/lessons/{lessons[-1].pk}/complete/")
    print("moderator completes last lesson out of order:", r.status_code, r.json())


def _pkg():
    from courses.h5p import create_package_from_path
    p = create_package_from_path(FIX / "multichoice.h5p", "mc")
    p.uploaded_by = None
    p.save()
    return p


def test_h5p_files_of_private_course_preview(instructor, category):
    from wagtail.models import PageViewRestriction
    course = make_course(instructor, title="Private one", category=category)
    pkg = _pkg()
    first = lessons_of(course)[0]
    first.is_preview = True
    first.body = [{"type": "h5p", "id": "b1", "value": {"mode": "package", "package": pkg.pk, "embed_url": "",
                   "title": "x", "pass_percent": 70, "required": True}}]
    first.save_revision().publish()
    PageViewRestriction.objects.create(page=course, restriction_type="login")
    anon = APIClient()
    print("page:", anon.get(first.url).status_code)
    print("api:", anon.get(f"/api/lessons/{first.pk}/").status_code)
    r = anon.get(f"/h5p/{pkg.pk}/h5p.json")
    print("h5p file anon:", r.status_code)
    assert r.status_code == 200


def test_h5p_files_of_archived_course_preview(instructor, other_student, category):
    course = make_course(instructor, title="Arch", category=category, is_archived=True)
    pkg = _pkg()
    first = lessons_of(course)[0]
    first.is_preview = True
    first.body = [{"type": "h5p", "id": "b1", "value": {"mode": "package", "package": pkg.pk, "embed_url": "",
                   "title": "x", "pass_percent": 70, "required": True}}]
    first.save_revision().publish()
    anon = APIClient()
    print("api:", anon.get(f"/api/lessons/{first.pk}/").status_code)
    r = anon.get(f"/h5p/{pkg.pk}/h5p.json")
    print("h5p file anon archived:", r.status_code)


def test_public_media_bypass(tmp_path, settings):
    from django.test import RequestFactory
    from home.views import public_media
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "secret.pdf").write_bytes(b"%PDF secret")
    rf = RequestFactory()
    for p in ["documents/secret.pdf", "/documents/secret.pdf", "./documents/secret.pdf", "images/../documents/secret.pdf"]:
        try:
            r = public_media(rf.get("/media/x"), p)
            print(repr(p), r.status_code, b"".join(r.streaming_content))
        except Exception as e:
            print(repr(p), type(e).__name__)
