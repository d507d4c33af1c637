"""A new student, end to end in a real browser: sign up, verify, find a course, enrol, finish it."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from tests.support import make_course, make_user
from courses.models import Category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_PASSWORD = "Umhlanga-sunrise-2024"


def lesson_row(page, title):
    """The outline row of a lesson (its state is on data-state)."""
    return page.locator(".outline-lesson", has_text=re.compile(rf"^\s*\S*\s*{re.escape(title)}\b"))


def test_student_signs_up_enrols_and_completes_a_course(live_server, page, shoot, site_content):
    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    money = Category.objects.create(name="Money")
    computers = Category.objects.create(name="Computers")
    course = make_course(teacher, title="Budgeting basics", sections=2, lessons_per_section=2, category=money)
    make_course(teacher, title="Spreadsheets for small business", sections=1, lessons_per_section=1, category=computers)
    url = live_server.url

    # Home → Sign up (the header link), with real labelled fields.
    page.goto(url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Learn skills")
    expect(page.get_by_role("link", name="Budgeting basics")).to_be_visible()  # "New courses" on the home page
    shoot(page, "home")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    shoot(page, "signup")
    page.get_by_label("First name").fill("Thandi")
    page.get_by_label("Last name").fill("Nkosi")
    page.get_by_label("Email").fill("thandi@example.com")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"Password \(again\)")).fill(NEW_PASSWORD)
    page.locator("main form").get_by_role("button", name=re.compile("sign up", re.I)).click()

    # Mandatory verification: the site says so, and the email carries the link.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    shoot(page, "verify-email-sent")
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    assert message.to == ["thandi@example.com"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("confirm", re.I))
    shoot(page, "confirm-email")
    page.locator("main form").get_by_role("button", name=re.compile("confirm", re.I)).click()

    # Logged in on confirmation, landing on an empty "My learning".
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_text("No courses yet")).to_be_visible()

    # The catalogue: both courses, then search and a category filter narrow it down.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    expect(page.get_by_role("status")).to_have_text("2 courses")
    expect(page.get_by_role("link", name="Budgeting basics")).to_be_visible()
    expect(page.get_by_role("link", name="Spreadsheets for small business")).to_be_visible()
    shoot(page, "catalogue")

    page.get_by_label("Search courses").fill("budg")  # the beginning of a word finds it
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("1 course for “budg”")
    expect(page.get_by_role("link", name="Budgeting basics")).to_be_visible()
    expect(page.get_by_role("link", name="Spreadsheets for small business")).to_have_count(0)

    # On a phone the filters wait behind one button.
    page.get_by_label("Search courses").fill("")
    expect(page.get_by_label("Category")).to_be_hidden()
    page.get_by_text("Filter and sort").click()
    page.get_by_label("Category").select_option(label="Computers")
    page.get_by_role("button", name="Show courses").click()
    expect(page.get_by_role("status")).to_have_text("1 course")
    expect(page.get_by_text("Filter and sort (1 active)")).to_be_visible()
    expect(page.get_by_role("link", name="Spreadsheets for small business")).to_be_visible()
    expect(page.get_by_role("link", name="Budgeting basics")).to_have_count(0)

    page.get_by_label("Search courses").fill("no such thing")
    page.get_by_text("Filter and sort").click()
    page.get_by_label("Category").select_option(label="All categories")
    page.get_by_role("button", name="Show courses").click()
    expect(page.get_by_text("No courses match")).to_be_visible()
    shoot(page, "catalogue-no-results")
    page.get_by_role("link", name="Clear search and filters").first.click()
    expect(page.get_by_role("status")).to_have_text("2 courses")

    # The course page: free, outline with four lessons, all closed until enrolment.
    page.get_by_role("link", name="Budgeting basics").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Budgeting basics")
    expect(page.locator(".badge-free")).to_have_text("Free")
    expect(page.locator(".outline-lesson")).to_have_count(4)
    expect(page.locator('.outline-lesson[data-state="locked"]')).to_have_count(4)
    shoot(page, "course-before-enrolment")
    page.get_by_role("button", name="Enrol for free").click()

    # Enrolling opens the first lesson.
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.1")
    expect(page.get_by_role("status")).to_contain_text("You are enrolled in Budgeting basics.")
    shoot(page, "lesson")

    # Back on the course: 1.1 open, 1.2 locked behind 1.1, progress 0%.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Budgeting basics").click()
    expect(lesson_row(page, "Lesson 1.1")).to_have_attribute("data-state", "available")
    expect(lesson_row(page, "Lesson 1.2")).to_have_attribute("data-state", "locked")
    expect(lesson_row(page, "Lesson 1.2")).to_contain_text("Locked.")
    expect(lesson_row(page, "Lesson 1.2")).to_contain_text("After Lesson 1.1")
    expect(lesson_row(page, "Lesson 1.2").get_by_role("link")).to_have_count(0)
    expect(page.get_by_role("progressbar", name="Course progress")).to_have_attribute("aria-valuenow", "0")
    shoot(page, "course-enrolled")

    # Opening the locked lesson's address directly: the locked page, naming what is missing.
    lessons = {lesson.title: lesson for lesson in course.lessons()}
    response = page.goto(url + lessons["Lesson 1.2"].url)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.2")
    expect(page.get_by_text("Finish these lessons first")).to_be_visible()
    expect(page.locator("main li").get_by_role("link", name="Lesson 1.1")).to_be_visible()
    expect(page.get_by_role("button", name="Mark complete")).to_have_count(0)
    shoot(page, "lesson-locked")

    # Complete the lessons in order; each "Mark complete" moves on to the next one.
    page.locator("main li").get_by_role("link", name="Lesson 1.1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.1")
    for done, following in (("Lesson 1.1", "Lesson 1.2"), ("Lesson 1.2", "Lesson 2.1"), ("Lesson 2.1", "Lesson 2.2")):
        page.get_by_role("button", name="Mark complete").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(following)
        expect(page.get_by_role("status")).to_contain_text(f"“{done}” is complete.")
        outline = page.get_by_role("complementary", name="Course outline")
        expect(lesson_row(outline, done)).to_have_attribute("data-state", "completed")
        expect(lesson_row(outline, following)).to_have_attribute("data-state", "available")
        if following == "Lesson 1.2":
            # The lesson locked a moment ago now opens (200) at its own address.
            assert page.goto(url + lessons["Lesson 1.2"].url).status == 200
            expect(page.get_by_role("button", name="Mark complete")).to_be_visible()
            expect(lesson_row(page.get_by_role("complementary", name="Course outline"), "Lesson 2.1")).to_have_attribute(
                "data-state", "locked"
            )

    page.get_by_role("button", name="Mark complete").click()

    # Finished: back on the course page at 100%.
    expect(page.get_by_role("heading", level=1)).to_have_text("Budgeting basics")
    expect(page.get_by_role("status")).to_contain_text("Course complete! You finished Budgeting basics.")
    expect(page.get_by_role("progressbar", name="Course progress")).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_text("4 of 4 lessons complete")).to_be_visible()
    expect(page.locator('.outline-lesson[data-state="completed"]')).to_have_count(4)
    shoot(page, "course-complete")

    # ... and on the dashboard.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    item = page.locator(".enrolment-item", has=page.get_by_role("link", name="Budgeting basics"))
    expect(item.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(item).to_contain_text("100%")
    expect(item).to_contain_text("Completed")
    expect(item.get_by_role("link", name="Review the course")).to_be_visible()
    shoot(page, "dashboard")

    # The profile carries the names given at sign-up.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    expect(page.get_by_label("First name")).to_have_value("Thandi")
    expect(page.get_by_label("Last name")).to_have_value("Nkosi")
    expect(page.get_by_text("Signed in as thandi@example.com")).to_be_visible()
    shoot(page, "profile")

    # Log out and back in through the login form.
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    shoot(page, "login")
    page.get_by_label("Email").fill("thandi@example.com")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.locator("main form").get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator(".enrolment-item").get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
