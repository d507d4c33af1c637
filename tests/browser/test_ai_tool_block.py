"""A student uses the example AI tool inside a lesson; its server reports the result and the lesson completes."""

import re

import pytest
from playwright.sync_api import expect

from tests.support import PASSWORD, lessons_of, make_course, make_user
from enrolment.models import AIToolSession, BlockProgress, LessonProgress
from enrolment.services import enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, url, email):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_student_uses_the_example_ai_tool_and_the_lesson_completes(live_server, page, shoot, site_content, settings):
    from example_ai_tool.setup import ensure_example_tool

    url = live_server.url
    settings.EXAMPLE_AI_TOOL_SECRET = "browser-test-example-tool-secret-0123456789"
    settings.EXAMPLE_AI_TOOL_LMS_URL = url  # its server calls go to the live server, as configured in production
    tool = ensure_example_tool(url)  # launches at <live server>/example-ai-tool/, origin = the live server
    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    student = make_user("thandi@example.com", settings.STUDENTS_GROUP, first_name="Thandi", last_name="Nkosi")
    course = make_course(teacher, title="Budgeting basics", sections=1, lessons_per_section=2)
    lesson = lessons_of(course)[0]
    lesson.title = "Your savings plan"
    lesson.body = [
        {"type": "rich_text", "id": "intro", "value": "<p>Decide how much of your income you put away each month.</p>"},
        {"type": "ai_tool", "id": "coach", "value": {
            "tool": tool.pk, "title": "Plan your savings with the coach", "params": '{"budget": 1000, "target_percent": 20}',
            "required_for_completion": True, "height": 420,
        }},
    ]
    lesson.save()
    enrol(student, course)

    log_in(page, url, "thandi@example.com")
    page.goto(url + lesson.get_url())
    requirement = page.locator('[data-requirement="coach"]')
    expect(requirement).to_contain_text("Finish the activity in “Plan your savings with the coach”")
    expect(page.locator("[data-lesson-done]")).to_be_hidden()
    block = page.locator("[data-ai-tool]")
    expect(block.get_by_role("heading", name="Plan your savings with the coach")).to_be_visible()
    expect(block.locator("iframe")).to_have_attribute("sandbox", "allow-scripts allow-forms allow-same-origin")

    frame = page.frame_locator("iframe.ai-tool-frame")
    expect(frame.get_by_role("heading", name="Hi Thandi!")).to_be_visible()
    expect(frame.get_by_text("how much of R1000 would you save?")).to_be_visible()
    block.scroll_into_view_if_needed()
    shoot(page, "ai-tool-block")

    frame.get_by_label("Amount to save, in rand").fill("200")
    frame.get_by_role("button", name="Check my plan").click()
    expect(frame.get_by_role("heading", name="Done")).to_be_visible()
    expect(frame.get_by_text("Your score: 100%")).to_be_visible()

    # The tool's server reported it; its postMessage made the page re-read progress, no reload.
    expect(block.locator("[data-ai-tool-status]")).to_have_text("Done ✓")
    expect(page.locator("[data-lesson-done]")).to_be_visible()
    expect(page.locator("[data-lesson-done]")).to_contain_text("You completed this lesson.")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    block.scroll_into_view_if_needed()
    shoot(page, "ai-tool-block-done")

    session = AIToolSession.objects.get()
    assert (session.user, session.lesson_id, session.block_id, session.tool_id) == (student, lesson.pk, "coach", tool.pk)
    assert BlockProgress.objects.get(user=student, block_id="coach").is_satisfied
    assert LessonProgress.objects.get(user=student, lesson=lesson).status == LessonProgress.Status.COMPLETED

    # Reloading shows the recorded state.
    page.reload()
    expect(page.locator("[data-ai-tool-status]")).to_have_text("Done ✓")


def test_a_message_from_the_page_itself_does_not_complete_anything(live_server, page, site_content, settings):
    from example_ai_tool.setup import ensure_example_tool

    url = live_server.url
    settings.EXAMPLE_AI_TOOL_SECRET = "browser-test-example-tool-secret-0123456789"
    settings.EXAMPLE_AI_TOOL_LMS_URL = url
    tool = ensure_example_tool(url)
    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP)
    make_user("thandi@example.com", settings.STUDENTS_GROUP, first_name="Thandi")
    course = make_course(teacher, sections=1, lessons_per_section=1)
    lesson = lessons_of(course)[0]
    lesson.body = [{"type": "ai_tool", "id": "coach", "value": {
        "tool": tool.pk, "title": "Coach", "params": "{}", "required_for_completion": True, "height": 420,
    }}]
    lesson.save()
    from accounts.models import User

    enrol(User.objects.get(email="thandi@example.com"), course)
    log_in(page, url, "thandi@example.com")
    page.goto(url + lesson.get_url())
    expect(page.frame_locator("iframe.ai-tool-frame").get_by_role("heading", name="Hi Thandi!")).to_be_visible()
    # A student (or a script on the page) forging the tool's message gets nothing recorded.
    page.evaluate("window.postMessage({type: 'leerhuis:completed'}, '*')")
    page.wait_for_timeout(1000)
    expect(page.locator("[data-ai-tool-status]")).to_have_text(re.compile("Finish the activity"))
    expect(page.locator("[data-lesson-done]")).to_be_hidden()
    assert not AIToolSession.objects.exists()
    assert not LessonProgress.objects.filter(status=LessonProgress.Status.COMPLETED).exists()


def test_admin_registers_a_tool_and_sees_its_secret_once(live_server, page, shoot, site_content):
    from accounts.models import User
    from allauth.account.models import EmailAddress

    from courses.ai_tools import hash_secret
    from courses.models import AITool

    url = live_server.url
    admin = User.objects.create_superuser(email="admin@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=admin, email=admin.email, primary=True, verified=True)
    page.goto(url + "/admin/login/")
    page.get_by_label(re.compile("email", re.I)).fill("admin@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(url + "/admin/snippets/courses/aitool/add/")
    expect(page.get_by_role("checkbox", name="Generate a new secret")).to_have_count(0)  # a new tool always gets one
    page.get_by_role("textbox", name="Name").fill("Essay helper")
    page.get_by_role("textbox", name="Launch url").fill("https://essay.example.org/launch")
    page.get_by_role("textbox", name="Allowed origin").fill("https://essay.example.org")
    page.get_by_role("button", name=re.compile("^Save")).first.click()
    secret_field = page.get_by_label("Secret for Essay helper")
    expect(secret_field).to_be_visible()
    secret = secret_field.input_value()
    assert AITool.objects.get(name="Essay helper").secret_hash == hash_secret(secret)
    expect(page.get_by_text("Copy this secret now.")).to_be_visible()
    shoot(page, "admin-ai-tool-secret")

    page.get_by_role("link", name="I have copied it").click()
    expect(page.get_by_role("link", name="Essay helper")).to_be_visible()
    assert secret not in page.content()
    shoot(page, "admin-ai-tool-list")
    page.get_by_role("link", name="Essay helper").click()
    expect(page.get_by_role("checkbox", name="Generate a new secret")).to_be_visible()
    assert secret not in page.content()
