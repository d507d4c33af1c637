"""What a newcomer sees in the editor: the platform's own name and logo, no outside requests, fields
that follow the chosen kind of block, and help where a field would otherwise puzzle."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from courses.models import LessonPage
from tests.support.admin import admin_login
from tests.support import PASSWORD, make_course, make_user
from tests.support.browser import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def field(page, name):
    """The editor's wrapper of one child field of the block being edited."""
    return page.locator(f"[data-contentpath='{name}']").first


def test_the_editor_is_branded_asks_nothing_of_outside_servers_and_fields_follow_the_block_kind(
    live_server, page, shoot, site_content
):
    url = live_server.url
    instructor = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    course = make_course(instructor, title="Stokvels explained", sections=1, lessons_per_section=1)
    lesson = LessonPage.objects.descendant_of(course).get()
    outside = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(url) and not request.url.startswith("data:") else None)
    page.set_viewport_size(DESKTOP)

    page.goto(url + "/admin/login/")
    expect(page.get_by_role("heading", name="Log in to Leerhuis")).to_be_visible()
    shoot(page, "admin-login")
    admin_login(page, url, "naledi@example.com", PASSWORD)
    expect(page).to_have_title(re.compile("Leerhuis"))
    panel = page.locator("#teaching-section, #teaching")
    expect(panel.get_by_role("link", name="Stokvels explained")).to_be_visible()
    shoot(page, "admin-dashboard-teaching")

    page.goto(f"{url}/admin/pages/{course.pk}/edit/")
    expect(page.get_by_role("tab", name="Pricing & access")).to_be_visible()
    expect(page.get_by_role("tab", name="Certificate")).to_be_visible()

    page.goto(f"{url}/admin/pages/{lesson.pk}/edit/")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("This is the only lesson of the course so far.")).to_be_visible()
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Video").click()
    expect(field(page, "video")).to_be_visible()
    expect(field(page, "file")).to_be_hidden()
    page.locator("[data-contentpath='source'] select").first.select_option("file")
    expect(field(page, "file")).to_be_visible()
    expect(field(page, "video")).to_be_hidden()
    shoot(page, "admin-video-block", both=False)

    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="H5P activity").click()
    h5p = page.locator("[data-contentpath='mode']").last.locator("xpath=..")
    expect(h5p.locator(":scope > [data-contentpath='embed_url']")).to_be_hidden()
    page.locator("[data-contentpath='mode'] select").last.select_option("hosted")
    expect(h5p.locator(":scope > [data-contentpath='embed_url']")).to_be_visible()
    expect(h5p.locator(":scope > [data-contentpath='package']")).to_be_hidden()

    assert outside == [], f"the editor asked outside servers: {outside}"
