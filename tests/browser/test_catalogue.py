"""The catalogue on a phone (390x844): the first course shows without scrolling, the filters fold
behind one button, and a tap anywhere on a card opens its course. On a laptop the filters show."""

import re
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as Picture
from playwright.sync_api import expect
from wagtail.images.models import Image

from tests.support import make_course, make_user
from tests.support.browser import DESKTOP, MOBILE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def catalogue(site_content, settings, tmp_path):
    from courses.models import Category

    settings.MEDIA_ROOT = tmp_path / "media"
    site_content.intro = "<p>Find a course, enrol, and pick up where you left off on any device.</p>"
    site_content.save_revision().publish()
    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    buffer = BytesIO()
    Picture.linear_gradient("L").resize((1280, 720)).convert("RGB").save(buffer, "JPEG")
    cover = Image.objects.create(title="Cover", file=ImageFile(buffer, name="cover.jpg"))
    money = Category.objects.create(name="Personal finance")
    for title in ("Budgeting and saving in rand", "Spreadsheets for small business", "Phone photography for makers"):
        make_course(teacher, title=title, category=money, thumbnail=cover, sections=1, lessons_per_section=1,
                    description="<p>Take control of your monthly money: a budget that fits a South African payslip, "
                                "an emergency fund, stokvels and tax-free savings.</p>")
    return site_content


def test_on_a_phone_the_first_course_shows_without_scrolling(live_server, page, catalogue, shoot):
    page.set_viewport_size(MOBILE)
    page.goto(live_server.url + "/courses/")
    first = page.locator(".course-card").first
    title = first.get_by_role("link", name="Budgeting and saving in rand")
    expect(title).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    box = title.bounding_box()
    assert box["y"] + box["height"] <= MOBILE["height"], box  # the card's title, not just its picture
    assert first.locator("img").bounding_box()["y"] < MOBILE["height"] / 2
    # The filters wait behind one button, which opens them in place.
    expect(page.get_by_label("Category")).to_be_hidden()
    shoot(page, "catalogue-first-screen", full_page=False)
    page.get_by_text("Filter and sort").click()
    expect(page.get_by_label("Category")).to_be_visible()
    expect(page.get_by_label("Sort by")).to_be_visible()


def test_a_tap_anywhere_on_a_course_card_opens_the_course(live_server, page, catalogue):
    page.set_viewport_size(MOBILE)
    page.goto(live_server.url + "/courses/")
    card = page.locator(".course-card").filter(has_text="Spreadsheets for small business")
    expect(card.get_by_role("link")).to_have_count(1)
    # A tap on the description, far below the title, lands on the card's one link.
    card.scroll_into_view_if_needed()
    text = card.get_by_text("emergency fund").bounding_box()
    page.mouse.click(text["x"] + 10, text["y"] + text["height"] / 2)
    expect(page.get_by_role("heading", level=1)).to_have_text("Spreadsheets for small business")


def test_on_a_laptop_the_filters_show_without_the_button(live_server, page, catalogue, shoot):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/courses/?q=stokvels&ordering=newest")
    expect(page.get_by_label("Category")).to_be_visible()
    expect(page.get_by_label("Sort by")).to_have_value("newest")
    expect(page.get_by_text("Filter and sort")).to_be_hidden()
    expect(page.get_by_role("status")).to_have_text("3 courses for “stokvels”")
    shoot(page, "catalogue-laptop", both=False, full_page=False)
