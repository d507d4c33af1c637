"""A student plays the H5P fixture in a lesson, answers right, and the lesson completes without a reload.

The player is the vendored h5p-standalone; the package's files come from /h5p/<id>/ (private) and
the xAPI statements go to /api/xapi/statements/. Every request stays on the live server.
"""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.support import PASSWORD, lessons_of, make_course, make_user
from courses.h5p import create_package_from_path
from tests.support.h5p import MULTICHOICE
from enrolment.models import BlockProgress, LessonProgress, XAPIStatement
from enrolment.services import enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FIXTURE = MULTICHOICE


def transferred(page):
    """Bytes the page and everything it fetched so far took over the network (Resource Timing)."""
    return page.evaluate("""() => {
        const nav = performance.getEntriesByType("navigation")[0];
        return nav.transferSize + performance.getEntriesByType("resource").reduce((sum, r) => sum + r.transferSize, 0);
    }""")


def log_in(page, url, email):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_student_answers_the_h5p_question_and_the_lesson_completes(live_server, page, shoot, site_content, media):
    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    student = make_user("thandi@example.com", settings.STUDENTS_GROUP, first_name="Thandi", last_name="Nkosi")
    course = make_course(teacher, title="Packaging for the web", sections=1, lessons_per_section=2)
    package = create_package_from_path(FIXTURE, "Root of an .h5p", user=teacher)
    lesson = lessons_of(course)[0]
    lesson.body = [
        {"type": "rich_text", "id": "intro", "value": "<p>An <code>.h5p</code> file is a zip archive. Which file must it hold?</p>"},
        {"type": "h5p", "id": "quiz1", "value": {
            "mode": "package", "package": package.pk, "embed_url": "", "title": "Check yourself: the root file",
            "pass_percent": 70, "required": True,
        }},
    ]
    lesson.save()
    enrol(student, course)
    url = live_server.url
    host = urlparse(url).netloc
    requests, failures, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failures.append(r.url))
    page.on("response", lambda r: failures.append((r.url, r.status)) if r.status >= 400 and "favicon" not in r.url else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Chromium reports a load the player's Content Security Policy blocks as a console error.
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)

    log_in(page, url, student.email)
    requests.clear()
    page.goto(url + lesson.url)
    page.wait_for_load_state("networkidle")
    block = page.locator(".h5p-block")
    requirement = page.locator('[data-requirement="quiz1"]')
    status = block.locator("[data-h5p-status]")
    expect(block.get_by_role("heading", name="Check yourself: the root file")).to_be_visible()
    expect(requirement).to_contain_text("Score 70% on the activity “Check yourself: the root file”")
    expect(status).to_have_text("Score 70% or more to complete this activity.")

    # Until the student starts the activity, a poster stands in for the player: nothing of the
    # player or the package is fetched, and the page stays light.
    expect(block.locator("iframe")).to_have_count(0)
    assert not any("/h5p/" in r or "h5p-standalone" in r for r in requests), requests
    assert 10 * 1024 < transferred(page) < 60 * 1024  # measured: the page did load, and lightly
    block.evaluate("el => el.scrollIntoView({block: 'start'})")
    shoot(page, "h5p-block-poster", full_page=False)
    block.get_by_role("button", name=re.compile(r"^Start the activity")).click()

    # The player renders the question in its sandboxed frame, from the private package files.
    player = block.frame_locator("iframe.h5p-frame")
    expect(block.locator("iframe.h5p-frame")).to_be_focused()
    answer = player.get_by_role("radio", name=re.compile(r"\bh5p\.json$"))
    expect(answer).to_be_visible(timeout=20_000)
    expect(player.get_by_text("Which file must sit at the root of every .h5p package?")).to_be_visible()
    expect(player.locator("[data-loading]")).to_have_count(0)
    page.wait_for_timeout(500)
    # Viewport shots: Chromium's full-page capture draws the sandboxed (out-of-process) frame from
    # a stale layout after a resize, which is not what anyone sees.
    block.evaluate("el => el.scrollIntoView({block: 'start'})")
    shoot(page, "h5p-block-question", full_page=False)

    page.evaluate("window.__sameDocument = true")
    # A wrong answer is recorded but does not complete anything.
    player.get_by_role("radio", name=re.compile(r"\bcontent\.json$")).click()
    player.get_by_role("button", name=re.compile(r"^Check")).click()
    expect(status).to_have_text(
        "You scored 0%. Score 70% or more to complete this activity."
    )
    expect(requirement).to_contain_text("(best so far 0%)")
    expect(requirement).not_to_have_class(re.compile(r"\bis-done\b"))
    block.evaluate("el => el.scrollIntoView({block: 'start'})")
    shoot(page, "h5p-block-wrong", both=False, full_page=False)

    # Retry, then the right answer.
    player.get_by_role("button", name=re.compile(r"^Retry")).click()
    check = player.get_by_role("button", name=re.compile(r"^Check"))
    expect(check).to_be_visible()
    expect(player.get_by_text("Not quite.")).to_be_hidden()
    expect(answer).to_have_attribute("aria-checked", "false")
    answer.click()
    expect(answer).to_have_attribute("aria-checked", "true")
    check.click()

    expect(status).to_have_text(re.compile(r"^Done ✓ Best score 100%\."))
    expect(status).to_have_class(re.compile(r"\bis-done\b"))
    expect(requirement).to_have_class(re.compile(r"\bis-done\b"))
    expect(page.locator("[data-lesson-done]")).to_be_visible()
    expect(page.locator("[data-lesson-done]")).to_contain_text("You completed this lesson.")
    assert page.evaluate("window.__sameDocument") is True  # no reload
    page.wait_for_timeout(500)
    block.evaluate("el => el.scrollIntoView({block: 'start'})")
    shoot(page, "h5p-block-answered", full_page=False)

    progress = BlockProgress.objects.get(user=student, lesson=lesson, block_id="quiz1")
    assert progress.is_satisfied and progress.score == 100
    assert LessonProgress.objects.get(user=student, lesson=lesson).status == LessonProgress.Status.COMPLETED
    verbs = list(XAPIStatement.objects.filter(user=student).values_list("verb", flat=True))
    # attempted/interacted stay in the browser; both answers are kept for an LRS export.
    assert verbs == ["http://adlnet.gov/expapi/verbs/answered"] * 2
    assert list(XAPIStatement.objects.filter(user=student).values_list("success", flat=True)) == [False, True]
    assert {s.statement["actor"]["account"]["name"] for s in XAPIStatement.objects.filter(user=student)} == {str(student.pk)}

    # Nothing from a CDN: every request went to the live server, and nothing failed.
    assert [r for r in requests if urlparse(r).netloc != host and not r.startswith("data:")] == []
    assert failures == [] and errors == []
    assert any(re.search(rf"/h5p/{package.pk}/t/[^/]+/H5P\.MultiChoice-1\.14/js/multichoice\.js$", r) for r in requests)
    assert any("/h5p/play/" in r for r in requests)
    assert any("/static/vendor/h5p-standalone/main.bundle.js" in r for r in requests)


def test_a_visitor_cannot_load_the_package_even_on_the_lesson_url(live_server, page, site_content, media):
    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP)
    course = make_course(teacher, title="Packaging for the web", sections=1, lessons_per_section=1)
    package = create_package_from_path(FIXTURE, "Root of an .h5p", user=teacher)
    lesson = lessons_of(course)[0]
    lesson.body = [{"type": "h5p", "id": "quiz1", "value": {
        "mode": "package", "package": package.pk, "embed_url": "", "title": "Quiz", "pass_percent": 70, "required": True,
    }}]
    lesson.save()

    response = page.goto(f"{live_server.url}/h5p/{package.pk}/h5p.json")

    assert response.status == 403
