"""Every way into a lesson asks the one gate, and answers the same cases the same way.

One table: for each case (who asks, about which course) the answer of every entry point — the
lesson page, the lesson API, the HTML "Mark complete" form, the heartbeat, video progress, the
PDF "opened" call, the document file, the H5P package file, an xAPI statement, an AI tool's
completion, and the two block template tags that mint per-user URLs (AI tool launch, H5P
player). A refused case must also leave no progress behind.
"""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from rest_framework.test import APIClient
from wagtail.models import PageViewRestriction

from courses.ai_tools import issue_launch_token
from courses.models import CoursePage
from enrolment.models import AIToolSession, BlockProgress, LessonProgress, XAPIStatement
from enrolment.services import enrol
from tests.support import client_as, lessons_of, make_course, put_blocks
from tests.support.ai_tools import ai_block, make_tool
from tests.support.h5p import h5p_block, package_from_data
from tests.support.pdfs import make_document, pdf_block

STATEMENT = {
    "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
    "object": {"id": "https://example.org/activity"},
    "result": {"score": {"scaled": 1}, "completion": True, "success": True},
}
VIDEO = {
    "type": "video", "id": "v1",
    "value": {
        "source": "youtube", "video": "dQw4w9WgXcQ", "file": None, "title": "Needs and wants", "duration": 60,
        "captions": [], "required_percent": 50, "counts_toward_completion": True,
    },
}
ENTRY_POINTS = (
    "page", "lesson_api", "complete_form", "heartbeat", "video", "pdf_opened", "document_file",
    "h5p_file", "xapi", "ai_tool_complete", "ai_tool_launch_tag", "h5p_player_tag",
)
READING = {"page", "lesson_api", "document_file", "h5p_file", "ai_tool_launch_tag", "h5p_player_tag"}


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def site(instructor):
    """A free course whose two lessons are free previews: `rich` holds one block of every tracked type."""
    course = make_course(instructor, title="Money at home", sections=1, lessons_per_section=2, chain=False)
    rich, plain = lessons_of(course)
    document = make_document(uploaded_by=instructor)
    package = package_from_data()
    tool, secret = make_tool()
    put_blocks(rich, VIDEO, pdf_block(document), h5p_block(package), ai_block(tool))
    for lesson in (rich, plain):
        lesson.is_preview = True
        lesson.save()
    return {"course": course, "rich": rich, "plain": plain, "document": document, "package": package,
            "tool": tool, "secret": secret}


def tag_answer(template, user, context):
    request = RequestFactory().get("/")
    request.user = user
    rendered = Template(template).render(Context({"request": request, **context})).strip()
    return "allowed" if rendered else "refused"


def answer(entry, user, site):
    """What `entry` answers `user`: "allowed", or "refused <status>"."""
    rich, plain = site["rich"], site["plain"]
    client = client_as(user)
    if entry == "ai_tool_launch_tag":
        return tag_answer("{% load ai_tool_tags %}{% ai_tool_launch_url tool lesson 'ai1' '{}' %}", user,
                          {"tool": site["tool"], "lesson": rich})
    if entry == "h5p_player_tag":
        return tag_answer("{% load h5p_tags %}{% h5p_player_url lesson 'h5p-block-1' package %}", user,
                          {"lesson": rich, "package": site["package"]})
    send = {
        "page": lambda: client.get(rich.url),
        "lesson_api": lambda: client.get(f"/api/lessons/{rich.pk}/"),
        "complete_form": lambda: client.post(f"/lessons/{plain.pk}/complete/"),
        "heartbeat": lambda: client.put(f"/api/lessons/{plain.pk}/progress/", {"time_spent": 5}, format="json"),
        "video": lambda: client.put(
            f"/api/lessons/{rich.pk}/progress/", {"block_id": "v1", "intervals": [[0, 5]]}, format="json"),
        "pdf_opened": lambda: client.post(f"/api/lessons/{rich.pk}/documents/pdf1/opened/"),
        "document_file": lambda: client.get(site["document"].url),
        "h5p_file": lambda: client.get(f"/h5p/{site['package'].pk}/h5p.json"),
        "xapi": lambda: client.post(
            "/api/xapi/statements/", {"lesson_id": rich.pk, "block_id": "h5p-block-1", "statement": STATEMENT},
            format="json"),
        "ai_tool_complete": lambda: APIClient().post(
            "/api/ai-tools/complete/", {"token": issue_launch_token(user, rich, "ai1", site["tool"])},
            format="json", HTTP_AUTHORIZATION=f"Bearer {site['secret']}"),
    }[entry]
    response = send()
    if entry == "complete_form" and response.status_code == 302:
        done = LessonProgress.objects.filter(user=user, lesson=plain, status="completed").exists()
        return "allowed" if done else "refused 302"
    return "allowed" if response.status_code < 300 else f"refused {response.status_code}"


def unpublished_course(site, student, other_student):
    enrol(student, site["course"])
    site["course"].unpublish()  # the course page only: its sections and lessons stay live
    return student


def archived_course(site, student, other_student):
    CoursePage.objects.filter(pk=site["course"].pk).update(is_archived=True)
    return other_student  # not enrolled: an archived course is for the students it already has


def view_restricted_course(site, student, other_student):
    PageViewRestriction.objects.create(page=site["course"], restriction_type=PageViewRestriction.LOGIN)
    return other_student  # signed in, so Wagtail's own check passes; the course is for its students


def enrolled_student(site, student, other_student):
    enrol(student, site["course"])
    return student


def visitor_of_an_open_course(site, student, other_student):
    return other_student


EVERYTHING_ALLOWED = dict.fromkeys(ENTRY_POINTS, "allowed")
NOT_FOUND = {entry: "refused" if entry.endswith("_tag") else "refused 404" for entry in ENTRY_POINTS}
READ_BUT_NOT_TRACK = {
    entry: "allowed" if entry in READING else ("refused 302" if entry == "complete_form" else "refused 403")
    for entry in ENTRY_POINTS
}
# The AI tool launch tag gives staff and enrolled students a token; a preview visitor reads only.
READ_BUT_NOT_TRACK["ai_tool_launch_tag"] = "refused"

CASES = {
    "enrolled student (control)": (enrolled_student, EVERYTHING_ALLOWED),
    "visitor of a free preview": (visitor_of_an_open_course, READ_BUT_NOT_TRACK),
    "course unpublished, lessons still live": (unpublished_course, NOT_FOUND),
    "course archived, visitor not enrolled": (archived_course, NOT_FOUND),
    "course view-restricted, visitor not enrolled": (view_restricted_course, NOT_FOUND),
}


@pytest.mark.parametrize("case", CASES)
def test_every_entry_point_gives_the_gates_answer(case, site, student, other_student):
    arrange, expected = CASES[case]
    user = arrange(site, student, other_student)

    answers = {entry: answer(entry, user, site) for entry in ENTRY_POINTS}

    assert answers == expected
    if expected is not EVERYTHING_ALLOWED:
        assert not LessonProgress.objects.filter(user=user, status="completed").exists()
        assert not LessonProgress.objects.filter(user=user, time_spent_seconds__gt=0).exists()
        assert not BlockProgress.objects.filter(user=user).exists()
        assert not XAPIStatement.objects.exists() and not AIToolSession.objects.exists()
