"""axe-core finds no violation, of any impact, on the pages people use most: the catalogue, a course,
a lesson, My learning, log in and sign up, at phone and desktop widths."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from enrolment.services import enrol
from tests.support import PASSWORD, lessons_of, make_course, make_user
from tests.support.axe import violations
from tests.support.browser import DESKTOP, MOBILE
from tests.support.h5p import h5p_block, package_from_data
from tests.support.pdfs import make_document, pdf_block

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def shelf(site_content, media):
    from courses.models import Category

    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    student = make_user("thandi@example.com", settings.STUDENTS_GROUP, first_name="Thandi", last_name="Nkosi")
    money = Category.objects.create(name="Personal finance")
    course = make_course(teacher, title="Budgeting basics", category=money, sections=2, lessons_per_section=2, chain=False,
                         description="<p>Track spending, save for what matters and join a stokvel.</p>")
    make_course(teacher, title="Spreadsheets for small business", sections=1, lessons_per_section=1)
    lesson = lessons_of(course)[0]
    lesson.body = [
        {"type": "rich_text", "id": "t1", "value": "<p>Write down what comes in and what goes out.</p>"},
        {"type": "video", "id": "v1", "value": {
            "source": "youtube", "video": "dQw4w9WgXcQ", "title": "Your first budget", "duration": 120,
            "required_percent": 80, "counts_toward_completion": True, "captions": []}},
        pdf_block(make_document(), block_id="p1"),
        h5p_block(package_from_data(user=teacher), block_id="h1"),
    ]
    lesson.save()
    enrol(student, course)
    return course, lesson, student


def log_in(page, url, email):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def assert_accessible(page, name):
    for label, size in (("phone", MOBILE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.wait_for_timeout(100)
        found = violations(page)
        assert found == [], f"{name} at {label} width:\n" + "\n".join(found)


def test_pages_for_visitors_have_no_accessibility_violations(live_server, page, shelf):
    course, _, _ = shelf
    for name, path in [("catalogue", "/courses/"), ("search", "/courses/?q=budg&ordering=newest"),
                       ("course", course.url), ("log in", "/accounts/login/"), ("sign up", "/accounts/signup/")]:
        page.goto(live_server.url + path)
        assert_accessible(page, name)


def test_pages_for_a_student_have_no_accessibility_violations(live_server, page, shelf):
    course, lesson, student = shelf
    log_in(page, live_server.url, student.email)
    assert_accessible(page, "dashboard")
    text_lesson = lessons_of(course)[1]  # rich text only: no block headings before the outline's
    for name, path in [("course (enrolled)", course.url), ("lesson", lesson.url), ("text lesson", text_lesson.url),
                       ("catalogue", "/courses/"), ("home", "/")]:
        page.goto(live_server.url + path)
        assert_accessible(page, name)
    # The H5P activity once started: the poster gives way to the player's frame.
    page.goto(live_server.url + lesson.url)
    page.get_by_role("button", name=re.compile(r"^Start the activity")).click()
    expect(page.frame_locator("iframe.h5p-frame").get_by_role("radio").first).to_be_visible(timeout=20_000)
    assert_accessible(page, "lesson with the H5P activity started")


def test_forms_with_errors_have_no_accessibility_violations(live_server, page, site_content):
    page.goto(live_server.url + "/accounts/signup/")
    page.locator("main form").get_by_role("button", name="Sign up").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert_accessible(page, "sign up with errors")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_label("Password").fill("wrong-password")
    page.locator("main form").get_by_role("button", name="Log in").click()
    expect(page.locator(".alert-error")).to_be_visible()
    assert_accessible(page, "log in with errors")
