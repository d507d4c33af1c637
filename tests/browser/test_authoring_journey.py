"""An instructor writes a course in Wagtail and sends it to review; a moderator approves it; it goes live.

Instructors hold only "add" on the course index, so they edit the pages they own and cannot
publish: every page goes through the "Course review" workflow (one Moderators approval task).
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.support import PASSWORD, make_course, make_user
from courses.models import CoursePage, LessonPage, SectionPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
COURSE = "Household budgets 101"
SECTION = "Getting started"
LESSON = "Your first budget"
LESSON_TEXT = "Write down what comes in and what goes out."


def admin_login(page, url, email):
    page.goto(url + "/admin/login/")
    page.get_by_label(re.compile("email", re.I)).fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def draftail(page, input_id):
    """The contenteditable of the Draftail editor that fills the hidden input #input_id."""
    return page.locator(".w-field__input", has=page.locator(f"#{input_id}")).locator(".public-DraftEditor-content")


def footer_menu(page):
    """Open the editor footer's "More actions" menu and return the footer."""
    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    return footer


def add_child_page(page, url, parent_id):
    page.goto(f"{url}/admin/pages/{parent_id}/")
    page.get_by_role("link", name="Add child page").first.click()
    expect(page.locator("#id_title")).to_be_visible()


def type_title(page, title):
    # Typed key by key, as a person does: the slug follows the title on keyup.
    page.wait_for_load_state("networkidle")  # the editor's scripts are connected
    field = page.get_by_role("textbox", name="Title*")
    field.click()
    field.press_sequentially(title)
    field.press("Tab")
    # The slug (Promote tab) follows the title a moment later.
    expect(page.locator("#id_slug")).not_to_have_value("")


def save_draft(page, title):
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile(rf"Page '{re.escape(title)}' (created|has been updated)"))).to_be_visible()
    return int(re.search(r"/admin/pages/(\d+)/edit/", page.url).group(1))


def submit_for_review(page, url, page_id, title):
    page.goto(f"{url}/admin/pages/{page_id}/edit/")
    footer = footer_menu(page)
    # An instructor may only send the page to review; publishing is the moderators' job.
    expect(footer.get_by_role("button", name=re.compile(r"^\s*Publish\s*$"))).to_have_count(0)
    footer.get_by_role("button", name="Submit to Course review").click()
    expect(page.get_by_text(f"Page '{title}' has been submitted for moderation.")).to_be_visible()


def test_instructor_authors_a_course_and_a_moderator_publishes_it(live_server, page, new_page, shoot, site_content):
    url = live_server.url
    index = site_content
    make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    colleague = make_user("johan@example.com", settings.INSTRUCTORS_GROUP, first_name="Johan", last_name="Smit")
    make_user("mod@example.com", settings.MODERATORS_GROUP, first_name="Mpho", last_name="Moloi")
    someone_elses = make_course(colleague, title="Spreadsheets for small business", sections=1, lessons_per_section=1)
    page.set_viewport_size(DESKTOP)

    # The instructor signs in to the editor and adds a course under "Courses".
    admin_login(page, url, "naledi@example.com")
    shoot(page, "admin-instructor-dashboard")
    add_child_page(page, url, index.pk)
    expect(page.get_by_role("heading", name="New: Course")).to_be_attached()
    type_title(page, COURSE)
    editor = draftail(page, "id_description")
    editor.click()
    page.keyboard.type("Plan a month of spending on one page, and stick to it.")
    expect(editor).to_contain_text("Plan a month of spending")
    page.get_by_role("tab", name="Promote").click()
    expect(page.get_by_role("textbox", name="Slug*")).to_have_value("household-budgets-101")  # filled from the title
    page.get_by_role("tab", name="Content").click()
    shoot(page, "admin-course-editor")
    course_id = save_draft(page, COURSE)
    course = CoursePage.objects.get(pk=course_id)
    assert course.slug == "household-budgets-101" and not course.live and course.has_unpublished_changes
    assert "Plan a month of spending" in course.latest_revision.as_object().description

    # A section under the course, then a lesson under the section with a Text block.
    add_child_page(page, url, course_id)
    expect(page.get_by_role("heading", name="New: Section")).to_be_attached()
    type_title(page, SECTION)
    section_id = save_draft(page, SECTION)

    add_child_page(page, url, section_id)
    expect(page.get_by_role("heading", name="New: Lesson")).to_be_attached()
    type_title(page, LESSON)
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Text").click()
    body = page.locator("[data-contentpath='body'] .public-DraftEditor-content").first
    body.click()
    page.keyboard.type(LESSON_TEXT)
    page.get_by_role("checkbox", name="Free preview").check()
    shoot(page, "admin-lesson-editor")
    lesson_id = save_draft(page, LESSON)
    lesson = LessonPage.objects.get(pk=lesson_id)
    draft = lesson.latest_revision.as_object()
    assert [block.block_type for block in draft.body] == ["rich_text"]
    assert LESSON_TEXT in draft.body[0].value.source and draft.is_preview

    # Nothing is public yet.
    visitor = new_page()
    visitor.goto(url + "/courses/")
    expect(visitor.get_by_role("link", name=COURSE)).to_have_count(0)

    # Each page goes to the "Course review" workflow; the footer offers no "Publish".
    submit_for_review(page, url, course_id, COURSE)
    shoot(page, "admin-submitted")
    submit_for_review(page, url, section_id, SECTION)
    submit_for_review(page, url, lesson_id, LESSON)
    for model, pk in ((CoursePage, course_id), (SectionPage, section_id), (LessonPage, lesson_id)):
        submitted = model.objects.get(pk=pk)
        assert not submitted.live and submitted.current_workflow_state.status == "in_progress"

    # Another instructor's course is out of bounds.
    page.goto(f"{url}/admin/pages/{someone_elses.pk}/edit/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_text("Sorry, you do not have permission to access this area.")).to_be_visible()
    expect(page.locator("#id_title")).to_have_count(0)
    shoot(page, "admin-other-course-refused")

    # The moderator approves the three pages from "Awaiting your review".
    moderator = new_page()
    moderator.set_viewport_size(DESKTOP)
    admin_login(moderator, url, "mod@example.com")
    review = moderator.locator("#awaiting-review-section")
    for title in (COURSE, SECTION, LESSON):
        expect(review.get_by_role("row", name=re.compile(re.escape(title)))).to_be_visible()
    shoot(moderator, "admin-awaiting-review")
    for title in (COURSE, SECTION, LESSON):
        row = moderator.locator("#awaiting-review-section tr", has=moderator.get_by_role("link", name=title, exact=True))
        row.get_by_role("button", name="Actions").click()
        row.get_by_role("button", name="Approve", exact=True).click()
        expect(row).to_have_count(0)  # approved: off the list
    expect(moderator.locator("#awaiting-review-section")).to_have_count(0)
    shoot(moderator, "admin-after-approval")
    for model, pk in ((CoursePage, course_id), (SectionPage, section_id), (LessonPage, lesson_id)):
        assert model.objects.get(pk=pk).live

    # For contrast with the instructor's menu: a moderator's editor footer does offer "Publish".
    moderator.goto(f"{url}/admin/pages/{course_id}/edit/")
    expect(footer_menu(moderator).get_by_role("button", name=re.compile(r"^\s*Publish\s*$"))).to_have_count(1)

    # Public: the course is in the catalogue, and its (free preview) lesson opens.
    visitor.goto(url + "/courses/")
    visitor.get_by_role("link", name=COURSE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(COURSE)
    expect(visitor.get_by_text("Plan a month of spending on one page")).to_be_visible()
    expect(visitor.get_by_role("heading", name=re.compile(SECTION))).to_be_visible()
    visitor.get_by_role("link", name=LESSON).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(LESSON)
    expect(visitor.locator(".lesson-body")).to_contain_text(LESSON_TEXT)
    expect(visitor.get_by_text("This is a free preview.")).to_be_visible()
    shoot(visitor, "published-lesson-preview")
