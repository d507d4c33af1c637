"""A lesson with every kind of block: its API description, its page's CSP, and the video upload rules."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.h5p import MULTICHOICE
from tests.support import lessons_of
from courses.models import LessonPage
from enrolment.services import enrol
from tests.support.pdfs import make_document, pdf_block
from tests.support.ai_tools import ai_block, make_tool

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "tests" / "data" / "video" / "sample-video.webm"


@pytest.fixture
def rich_lesson(course, student):
    tool, _ = make_tool(origin="https://coach.example.org")
    lesson = lessons_of(course)[0]
    lesson.body = [
        {"type": "video", "id": "v1", "value": {
            "source": "vimeo", "video": "76979871", "title": "Intro", "duration": 120,
            "required_percent": 80, "counts_toward_completion": True, "captions": []}},
        pdf_block(make_document(), block_id="p1"),
        {"type": "h5p", "id": "h1", "value": {
            "mode": "hosted", "embed_url": "https://example.h5p.com/content/1", "package": None,
            "title": "Hosted quiz", "pass_percent": 70, "required": True}},
        ai_block(tool, block_id="a1"),
    ]
    lesson.save()
    enrol(student, course)
    return LessonPage.objects.get(pk=lesson.pk)


def test_lesson_detail_gives_a_mobile_client_every_block(client, student, rich_lesson):
    client.force_login(student)
    data = client.get(f"/api/lessons/{rich_lesson.pk}/").json()
    video, pdf, h5p, ai = (block["value"] for block in data["content"])
    assert data["lesson_type"] == "video"
    assert video["video_url"] == "https://player.vimeo.com/video/76979871?dnt=1" and video["duration"] == 120
    assert pdf["document_url"].startswith("http://127.0.0.1:8000/files/") and pdf["allow_download"] is True
    assert (h5p["mode"], h5p["embed_url"], h5p["package_url"]) == ("hosted", "https://example.h5p.com/content/1", None)
    assert h5p["is_required"] is False  # hosted H5P completes by "Mark complete"
    assert ai["tool_name"] == "Budget coach" and ai["launch_url"].startswith("https://coach.example.org/")
    assert "token=" in ai["launch_url"]
    assert [r["block_id"] for r in data["requirements"]] == ["v1", "p1", "a1"]
    assert all(r["is_satisfied"] is False for r in data["requirements"])


def test_visitors_of_a_preview_lesson_get_no_ai_launch_token(client, rich_lesson):
    LessonPage.objects.filter(pk=rich_lesson.pk).update(is_preview=True)
    data = client.get(f"/api/lessons/{rich_lesson.pk}/").json()
    assert data["content"][3]["value"]["launch_url"] is None


def test_lesson_page_csp_allows_exactly_the_embeds_in_use(client, student, rich_lesson):
    client.force_login(student)
    policy = client.get(rich_lesson.url)["Content-Security-Policy"]
    frame_src = next(part for part in policy.split(";") if part.strip().startswith("frame-src")).split()
    assert "https://coach.example.org" in frame_src and "https://player.vimeo.com" in frame_src
    assert "https://evil.example.com" not in policy
    assert "'unsafe-inline'" not in next(part for part in policy.split(";") if "script-src" in part)


def test_other_pages_do_not_allow_ai_tool_frames(client, rich_lesson):
    policy = client.get("/courses/")["Content-Security-Policy"]
    assert "coach.example.org" not in policy


def test_no_page_may_embed_plugins(client, rich_lesson):
    for url in ("/", "/courses/", rich_lesson.url):
        policy = dict(part.strip().split(" ", 1) for part in client.get(url)["Content-Security-Policy"].split(";") if part.strip())
        assert policy["object-src"] == "'none'", url


def test_admin_is_left_to_its_own_scripts(client, admin_user):
    client.force_login(admin_user)
    assert "Content-Security-Policy" not in client.get("/admin/")


def upload_form(name, content, user):
    from courses.media_forms import VideoUploadForm
    from wagtailmedia.forms import get_media_form
    from wagtailmedia.models import Media

    form_class = get_media_form(Media)
    assert issubclass(form_class, VideoUploadForm)
    form = form_class(
        data={"title": "Clip", "duration": "8", "collection": "1", "tags": ""},
        files={"file": SimpleUploadedFile(name, content)},
        user=user, instance=Media(type="video"),
    )
    return form


def test_a_real_webm_upload_is_accepted(admin_user):
    form = upload_form("clip.webm", SAMPLE.read_bytes(), admin_user)
    form.is_valid()
    assert "file" not in form.errors


@pytest.mark.parametrize("name,content,message", [
    ("clip.webm", b"#!/bin/sh\necho not a video" * 10, "not a real .webm video"),
    ("clip.exe", SAMPLE.read_bytes(), "Upload a video file"),
])
def test_a_fake_or_foreign_video_upload_is_refused_with_a_clear_message(name, content, message, admin_user):
    form = upload_form(name, content, admin_user)
    assert not form.is_valid()
    assert message in " ".join(form.errors["file"])


def test_an_oversized_video_upload_is_refused(settings, admin_user):
    settings.VIDEO_MAX_UPLOAD_SIZE = 50_000
    form = upload_form("clip.webm", SAMPLE.read_bytes(), admin_user)
    assert not form.is_valid()
    assert "at most" in " ".join(form.errors["file"])


def test_lesson_detail_gives_a_playable_url_for_an_uploaded_h5p_package(client, student, course):
    from courses.h5p import create_package_from_path

    package = create_package_from_path(
        MULTICHOICE, "Root of an .h5p package"
    )
    lesson = lessons_of(course)[0]
    lesson.body = [{"type": "h5p", "id": "h5", "value": {
        "mode": "package", "package": package.pk, "embed_url": "", "title": "Quiz", "pass_percent": 70, "required": True}}]
    lesson.save()
    enrol(student, course)
    client.force_login(student)
    value = client.get(f"/api/lessons/{lesson.pk}/").json()["content"][0]["value"]
    assert value["is_required"] is True and value["pass_percent"] == 70
    player = client.get(value["package_url"])
    assert player.status_code == 200 and b"h5p" in player.content.lower()
    assert client.get(value["files_url"] + "h5p.json").status_code == 200
