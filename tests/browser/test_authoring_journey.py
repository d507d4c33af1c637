"""An instructor builds a course in its curriculum and submits it once; a moderator approves it once.

Instructors hold only "add" on the course index, so they edit the pages they own and cannot
publish: the course goes through the "Course review" workflow with all its changed sections and
lessons (one Moderators approval task for the lot).
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.support import PASSWORD, make_course, make_user
from tests.support.admin import admin_login as sign_in
from courses.models import CoursePage, LessonPage, SectionPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
COURSE = "Household budgets 101"
SECTION = "Getting started"
LESSON = "Your first budget"
LESSON_TEXT = "Write down what comes in and what goes out."


def admin_login(page, url, email):
    sign_in(page, url, email, PASSWORD)


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


def add_in_curriculum(page, label, title):
    page.get_by_label(label).fill(title)
    page.get_by_label(label).press("Enter")
    expect(page.get_by_text(re.compile(rf"“{re.escape(title)}” added as a draft"))).to_be_visible()


def lesson_item(page, title):
    return page.locator("li[data-kind=lesson]").filter(has=page.get_by_role("link", name=title, exact=True))


def curriculum_titles(page):
    return [t.strip() for t in page.locator("[data-page-id] > .curriculum-row a[href$='/edit/']").all_inner_texts()]


def test_instructor_builds_a_course_in_the_curriculum_and_a_moderator_approves_it_once(
    live_server, page, new_page, shoot, site_content
):
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
    page.get_by_role("button", name="Save draft").click()

    # Saving a new course lands on its curriculum, where sections and lessons are added in place.
    expect(page).to_have_url(re.compile(r"/admin/courses/\d+/curriculum/$"))
    expect(page.get_by_text("This course has no sections yet")).to_be_visible()
    course = CoursePage.objects.get(slug="household-budgets-101")
    assert not course.live
    add_in_curriculum(page, "New section", "Money in")
    add_in_curriculum(page, "New section", "Money out")
    add_in_curriculum(page, "New lesson in “Money in”", "Your first budget")
    add_in_curriculum(page, "New lesson in “Money in”", "Counting every rand")
    add_in_curriculum(page, "New lesson in “Money out”", "Fixed and variable costs")
    assert curriculum_titles(page) == [
        "Money in", "Your first budget", "Counting every rand", "Money out", "Fixed and variable costs",
    ]

    # Reorder with the keyboard: "Counting every rand" up, before "Your first budget".
    page.get_by_role("button", name="Move “Counting every rand” up").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("“Counting every rand” moved.")).to_be_visible()
    # And by drag and drop: "Your first budget" into "Money out".
    money_out = page.locator("li[data-kind=section]").filter(has=page.get_by_role("link", name="Money out", exact=True))
    lesson_item(page, "Your first budget").locator("[data-drag-handle]").first.drag_to(
        money_out.locator(".curriculum-row--section")
    )
    expect(page.get_by_text("“Your first budget” moved.")).to_be_visible()
    assert curriculum_titles(page) == [
        "Money in", "Counting every rand", "Money out", "Fixed and variable costs", "Your first budget",
    ]

    # "Your first budget" now opens after "Fixed and variable costs".
    budget = lesson_item(page, "Your first budget")
    budget.get_by_text("Prerequisites", exact=True).click()
    budget.get_by_label("Fixed and variable costs").check()
    budget.get_by_role("button", name="Save prerequisites").click()
    expect(page.get_by_text("opens after: Fixed and variable costs")).to_be_visible()

    # Text for one lesson, in the lesson editor.
    page.get_by_role("link", name="Counting every rand").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Text").click()
    body = page.locator("[data-contentpath='body'] .public-DraftEditor-content").first
    body.click()
    page.keyboard.type(LESSON_TEXT)
    # Draftail copies the text into the form a moment after typing (its save interval).
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile("Write down what comes in"))
    page.get_by_role("checkbox", name="Free preview").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile(r"Page 'Counting every rand' has been updated"))).to_be_visible()
    draft = LessonPage.objects.get(title="Counting every rand").get_latest_revision_as_object()
    assert LESSON_TEXT in draft.body[0].value.source and draft.is_preview
    # Lessons are reviewed with their course: the footer offers no review of their own.
    footer = footer_menu(page)
    expect(footer.get_by_role("button", name="Save and submit course for review")).to_have_count(1)
    expect(footer.get_by_role("button", name="Submit to Course review")).to_have_count(0)
    page.goto(f"{url}/admin/courses/{course.pk}/curriculum/")
    shoot(page, "admin-curriculum")

    # Nothing is public yet.
    visitor = new_page()
    visitor.goto(url + "/courses/")
    expect(visitor.get_by_role("link", name=COURSE)).to_have_count(0)

    # One submission for the whole course.
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text(re.compile(r"is submitted for review"))).to_be_visible()
    expect(page.locator(".curriculum-status", has_text="In review")).to_have_count(5)  # every section and lesson
    expect(page.locator("#course-state")).to_contain_text("In review")
    shoot(page, "admin-curriculum-in-review")

    # Another instructor's course is out of bounds.
    page.goto(f"{url}/admin/courses/{someone_elses.pk}/curriculum/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_text("Sorry, you do not have permission to access this area.")).to_be_visible()

    # The moderator sees one item awaiting review, looks at every page, and approves once.
    moderator = new_page()
    moderator.set_viewport_size(DESKTOP)
    admin_login(moderator, url, "mod@example.com")
    review = moderator.locator("#awaiting-review-section")
    expect(review.get_by_role("row")).to_have_count(2)  # a header row and the course
    moderator.goto(f"{url}/admin/courses/{course.pk}/review/")
    table = moderator.locator("table.curriculum-review")
    for title in ("Money in", "Money out", "Counting every rand", "Your first budget", "Fixed and variable costs"):
        expect(table.get_by_role("rowheader", name=re.compile(re.escape(title)))).to_be_visible()
    shoot(moderator, "admin-course-review")
    with moderator.expect_popup() as popup:
        table.get_by_role("row", name=re.compile("Counting every rand")).get_by_role("link", name="Preview").click()
    expect(popup.value.locator(".lesson-body")).to_contain_text(LESSON_TEXT)
    popup.value.close()
    moderator.get_by_role("button", name="Approve and publish all").click()
    expect(moderator.get_by_text(f"“{COURSE}” is approved and live with its changes.")).to_be_visible()
    assert CoursePage.objects.get(pk=course.pk).live
    assert LessonPage.objects.live().descendant_of(course).count() == 3

    # Public: the course is in the catalogue with its three lessons, and the free preview opens.
    visitor.goto(url + "/courses/")
    visitor.get_by_role("link", name=COURSE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(COURSE)
    expect(visitor.get_by_text("Plan a month of spending on one page")).to_be_visible()
    for title in ("Counting every rand", "Fixed and variable costs", "Your first budget"):
        expect(visitor.get_by_text(title)).to_be_visible()
    visitor.get_by_role("link", name="Counting every rand").click()
    expect(visitor.locator(".lesson-body")).to_contain_text(LESSON_TEXT)
    shoot(visitor, "published-lesson-preview")


def test_a_rejected_review_publishes_nothing_and_tells_the_instructor_why(live_server, page, new_page, shoot, site_content):
    url = live_server.url
    instructor = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    make_user("mod@example.com", settings.MODERATORS_GROUP, first_name="Mpho", last_name="Moloi")
    course = make_course(instructor, title=COURSE, sections=1, lessons_per_section=2, live=False)
    from courses.review import submit_course

    for node in [course, *course.get_descendants()]:
        node.specific.save_revision(user=instructor)
    submit_course(course, instructor)

    moderator = page
    moderator.set_viewport_size(DESKTOP)
    admin_login(moderator, url, "mod@example.com")
    moderator.goto(f"{url}/admin/courses/{course.pk}/review/")
    moderator.get_by_role("button", name="Request changes").click()
    expect(moderator.get_by_text("Say what needs to change")).to_be_visible()
    moderator.get_by_label(re.compile("Comment for the instructor")).fill("Add a worked example to lesson 2.")
    moderator.get_by_role("button", name="Request changes").click()
    expect(moderator.get_by_text("Changes requested.")).to_be_visible()
    assert not CoursePage.objects.get(pk=course.pk).live
    assert LessonPage.objects.live().descendant_of(course).count() == 0

    author = new_page()
    author.set_viewport_size(DESKTOP)
    admin_login(author, url, "naledi@example.com")
    author.goto(f"{url}/admin/courses/{course.pk}/curriculum/")
    expect(author.get_by_text("Add a worked example to lesson 2.")).to_be_visible()
    expect(author.get_by_role("button", name="Resubmit for review")).to_be_visible()
    shoot(author, "admin-curriculum-changes-requested")
