"""A student opens a lesson PDF in the page, and the lesson completes without a reload."""

import re
from urllib.parse import urlparse

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.support import PASSWORD, lessons_of, make_course, make_user
from enrolment.models import BlockProgress, LessonProgress
from enrolment.services import enrol
from tests.support.pdfs import make_document, pdf_block
from tests.support.browser import DESKTOP, MOBILE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def is_document(url):
    return urlparse(url).path.startswith("/documents/")


def log_in(page, url, email):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


@pytest.fixture
def frames_same_origin(settings):
    # The preview frames our own /documents/ URL. Production sends X-Frame-Options: SAMEORIGIN
    # (lms_site/settings/production.py); Django's default, DENY, would blank the viewer.
    settings.X_FRAME_OPTIONS = "SAMEORIGIN"


def test_student_opens_the_pdf_and_the_lesson_completes(
    live_server, page, new_page, shoot, site_content, frames_same_origin
):
    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    student = make_user("thandi@example.com", settings.STUDENTS_GROUP, first_name="Thandi", last_name="Nkosi")
    course = make_course(teacher, title="Budgeting basics", sections=1, lessons_per_section=2)
    lesson = lessons_of(course)[0]
    document = make_document("Monthly budget worksheet", "monthly-budget-worksheet.pdf", uploaded_by=teacher)
    lesson.body = [
        {"type": "rich_text", "id": "intro",
         "value": "<p>Print or fill in the worksheet, then list last month's spending.</p>"},
        pdf_block(document, "pdf1", title="Monthly budget worksheet"),
    ]
    lesson.save()
    enrol(student, course)
    url = live_server.url
    documents_fetched = []
    page.on("response", lambda r: documents_fetched.append((r.url, r.status)) if is_document(r.url) else None)

    log_in(page, url, student.email)
    page.goto(url + lesson.url)
    block = page.locator("[data-pdf-block]")
    requirement = page.locator('[data-requirement="pdf1"]')
    expect(block.get_by_role("heading", name="Monthly budget worksheet")).to_be_visible()
    expect(block.get_by_role("link", name="Download")).to_be_visible()
    expect(block.locator(".block-status")).to_have_text("Open this PDF to complete the lesson")
    expect(requirement).to_contain_text("Open “Monthly budget worksheet”")
    expect(block.locator("[data-pdf-preview]")).to_be_hidden()
    shoot(page, "pdf-block-closed")
    assert documents_fetched == []  # nothing fetched until the student asks

    following = lessons_of(course)[1]  # requires this lesson
    outline_row = page.locator(f'.outline-lesson[data-lesson-id="{following.pk}"]')
    expect(outline_row).to_have_attribute("data-state", "locked")
    expect(outline_row).to_contain_text("After Lesson 1.1")
    expect(page.locator("[data-next-locked]")).to_contain_text("Locked: after Lesson 1.1")  # said, not hovered

    page.evaluate("window.__sameDocument = true")
    block.get_by_role("button", name="Open the PDF").click()

    preview = block.locator("[data-pdf-preview]")
    expect(preview).to_be_visible()
    expect(block.get_by_role("button", name="Hide the PDF")).to_have_attribute("aria-expanded", "true")
    expect(block.locator(".block-status")).to_have_text("Opened ✓")
    expect(requirement).to_have_class(re.compile(r"\bis-done\b"))
    expect(page.locator("[data-lesson-done]")).to_be_visible()
    expect(page.locator("[data-lesson-done]")).to_contain_text("You completed this lesson.")
    assert page.evaluate("window.__sameDocument") is True  # no reload
    # What this completion unlocked opens at once: the outline row and the "next" link.
    expect(outline_row).to_have_attribute("data-state", "available")
    expect(outline_row.get_by_role("link", name=following.title)).to_have_attribute("href", re.compile(re.escape(following.url)))
    expect(page.locator(".lesson-nav").get_by_role("link", name=re.compile(re.escape(following.title)))).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True
    expect(preview.locator("iframe.pdf-frame")).to_be_visible()  # Chromium's own viewer
    expect(preview.get_by_role("link", name="Open in a new tab")).to_be_visible()
    wanted = f"lesson={lesson.pk}&block=pdf1"
    for _ in range(50):  # the viewer fetches the file on its own schedule (slower on a busy machine)
        if any(wanted in fetched for fetched, status in documents_fetched if status == 200):
            break
        page.wait_for_timeout(200)
    served = [fetched for fetched, status in documents_fetched if status == 200]
    assert any(wanted in fetched for fetched in served), documents_fetched
    page.wait_for_timeout(1000)  # let the viewer draw the page
    # Chromium's viewer is a separate plugin that redraws after any resize, and a full-page shot
    # resizes the page while capturing: so each size settles first and is shot as the viewport.
    block.scroll_into_view_if_needed()
    shoot(page, "pdf-block-open", both=False, full_page=False)
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(1500)
    block.scroll_into_view_if_needed()
    shoot(page, "pdf-block-open", both=False, full_page=False)
    page.set_viewport_size(MOBILE)

    row = BlockProgress.objects.get(user=student, lesson=lesson, block_id="pdf1")
    assert (row.open_count, row.is_satisfied) == (1, True)
    assert LessonProgress.objects.get(user=student, lesson=lesson).status == LessonProgress.Status.COMPLETED

    # On return the block says it is done and the lesson is complete.
    page.reload()
    expect(block.locator(".block-status")).to_have_text("Opened ✓")
    expect(page.locator("[data-lesson-done]")).to_be_visible()

    # The instructor sees the opening in Reports > Lesson documents.
    teaching = new_page()
    teaching.goto(url + "/admin/login/")
    teaching.get_by_label(re.compile("email", re.I)).fill(teacher.email)
    teaching.get_by_label("Password").fill(PASSWORD)
    teaching.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(teaching).to_have_url(re.compile(r"/admin/$"))
    teaching.goto(url + "/admin/reports/lesson-documents/")
    row = teaching.locator("table.listing tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Budgeting basics")
    expect(row).to_contain_text("Monthly budget worksheet")
    expect(row).to_contain_text("Thandi Nkosi")
    shoot(teaching, "pdf-report")


def test_without_an_inline_viewer_the_pdf_opens_in_a_new_tab(live_server, page, shoot, site_content):
    """Most Android browsers have no inline PDF viewer (navigator.pdfViewerEnabled is false)."""
    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP)
    student = make_user("thandi@example.com", settings.STUDENTS_GROUP, first_name="Thandi")
    course = make_course(teacher, title="Budgeting basics", sections=1, lessons_per_section=1)
    lesson = lessons_of(course)[0]
    document = make_document("Monthly budget worksheet", "monthly-budget-worksheet.pdf")
    lesson.body = [pdf_block(document, "pdf1", title="Monthly budget worksheet", allow_download=False)]
    lesson.save()
    enrol(student, course)
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'pdfViewerEnabled', {get: () => false})")

    log_in(page, live_server.url, student.email)
    page.goto(live_server.url + lesson.url)
    block = page.locator("[data-pdf-block]")
    expect(block.get_by_role("link", name="Download")).to_have_count(0)
    expect(block.get_by_role("button", name="Open the PDF")).to_have_count(0)
    link = block.get_by_role("link", name="Open the PDF")
    expect(link).to_have_attribute("href", f"{document.url}?lesson={lesson.pk}&block=pdf1")
    expect(link).to_have_attribute("target", "_blank")
    shoot(page, "pdf-block-no-inline-viewer", both=False)

    with page.expect_popup() as opened:
        link.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert urlparse(tab.url).path == document.url
    tab.close()

    expect(block.locator(".block-status")).to_have_text("Opened ✓")
    expect(page.locator("[data-lesson-done]")).to_be_visible()
    expect(block.locator("iframe")).to_have_count(0)
    assert BlockProgress.objects.get(user=student, lesson=lesson).is_satisfied


def test_a_visitor_with_the_direct_link_gets_403(live_server, page, site_content):
    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP)
    course = make_course(teacher, title="Budgeting basics", sections=1, lessons_per_section=1)
    lesson = lessons_of(course)[0]
    document = make_document("Monthly budget worksheet", "monthly-budget-worksheet.pdf")
    lesson.body = [pdf_block(document, "pdf1")]
    lesson.save()

    response = page.goto(live_server.url + document.url)

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("This document is part of a lesson")
