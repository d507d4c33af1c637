"""A student plays an uploaded video to the end and the block completes; seeking does not count."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files import File
from playwright.sync_api import expect

from tests.support import PASSWORD, lessons_of, make_course, make_user
from enrolment.models import BlockProgress, LessonProgress
from enrolment.services import enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SAMPLE = Path(settings.BASE_DIR) / "tests" / "data" / "video" / "sample-video.webm"


def video_course():
    from wagtailmedia.models import Media

    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP)
    with SAMPLE.open("rb") as handle:
        media = Media(title="Sample clip", type="video", duration=8)
        media.file.save("sample-video.webm", File(handle), save=True)
    course = make_course(teacher, title="Video course", sections=1, lessons_per_section=2, chain=False)
    lesson = lessons_of(course)[0]
    lesson.body = [{"type": "video", "id": "clip", "value": {
        "source": "file", "file": media.pk, "video": "", "title": "Sample clip", "duration": None,
        "required_percent": 90, "counts_toward_completion": True, "captions": [],
    }}]
    lesson.save()
    return course, lesson


def log_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(base + "/dashboard/")


def test_playing_the_video_to_the_end_completes_the_lesson(live_server, page, shoot, site_content):
    course, lesson = video_course()
    student = make_user("thandi@example.com", settings.STUDENTS_GROUP)
    enrol(student, course)
    log_in(page, live_server.url, student.email)
    page.goto(live_server.url + lesson.url)
    expect(page.locator("[data-requirement=clip]")).to_contain_text("Watch 90% more")
    video = page.locator("video")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    expect(page.locator("[data-video-status]")).to_have_text("Watched ✓", timeout=20_000)
    expect(page.locator("[data-lesson-done]")).to_be_visible()
    # The outline and the course percentage follow without a reload.
    expect(page.locator("[data-outline-done]")).to_have_text("1")
    expect(page.locator("[data-course-progress]")).to_have_text("50")
    shoot(page, "lesson-video-watched")
    progress = BlockProgress.objects.get(user=student, block_id="clip")
    assert progress.is_satisfied and progress.watched_seconds >= 7.2
    assert LessonProgress.objects.get(user=student, lesson=lesson).status == "completed"
    page.goto("about:blank")
    page.wait_for_timeout(500)


def test_seeking_to_the_end_without_watching_does_not_complete(live_server, page, site_content):
    course, lesson = video_course()
    student = make_user("sipho@example.com", settings.STUDENTS_GROUP)
    enrol(student, course)
    log_in(page, live_server.url, student.email)
    page.goto(live_server.url + lesson.url)
    video = page.locator("video")
    # The test server has no HTTP range requests, so buffer the whole (90 KB) clip to make it seekable.
    video.evaluate("""v => new Promise(resolve => {
        v.preload = "auto"; v.load();
        const done = () => v.buffered.length && v.buffered.end(0) >= v.duration - 0.1;
        const check = () => done() ? resolve() : setTimeout(check, 100);
        check();
    })""")
    # Jump to the last half second and let it play out: only that half second was watched.
    video.evaluate("v => { v.muted = true; v.currentTime = 7.5; return v.play(); }")
    video.evaluate("v => new Promise(r => v.ended ? r() : v.addEventListener('ended', r))")
    page.wait_for_timeout(1500)
    expect(page.locator("[data-lesson-done]")).to_be_hidden()
    expect(page.locator("[data-video-status]")).not_to_have_text("Watched ✓")
    row = BlockProgress.objects.filter(user=student, block_id="clip").first()
    assert row is None or (not row.is_satisfied and row.watched_seconds < 1.5)
    assert not LessonProgress.objects.filter(user=student, lesson=lesson, status="completed").exists()
    page.reload()
    expect(page.locator("[data-requirement=clip]")).to_contain_text("Watch")
    page.goto("about:blank")  # let the page-hide report finish before the database is reset
    page.wait_for_timeout(500)
