"""Quizzes and assignments in chromium: an instructor adds them in the editor and the course is
approved; a student fails then passes the quiz and hands in two files; the instructor grades with
the rubric; the student reads the feedback. Screenshots at phone and laptop widths."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from assessments.models import Assignment, Quiz, Submission
from assessments.tests.factories import assignment_value, quiz_value, with_blocks
from enrolment.models import LessonProgress
from enrolment.services import enrol
from tests.support import PASSWORD, lessons_of, make_course, make_user
from tests.support.admin import admin_login
from tests.support.axe import violations
from tests.support.pdfs import minimal_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d1a4e30000000049454e44ae426082"
)


def log_in(page, url, email):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def choose(page, question, option):
    page.locator(".quiz-question", has=page.get_by_text(question)).get_by_label(option, exact=True).check()


def test_a_student_fails_then_passes_hands_in_files_and_reads_the_rubric_feedback(live_server, page, new_page, shoot,
                                                                                 site_content, tmp_path):
    url = live_server.url
    instructor = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    student = make_user("thandi@example.com", settings.STUDENTS_GROUP, first_name="Thandi", last_name="Nkosi")
    course = make_course(instructor, title="Budgeting basics", sections=1, lessons_per_section=2)
    lesson = lessons_of(course)[0]
    with_blocks(lesson, ("rich_text", "<p>Check what you know, then hand in your budget.</p>", "intro"),
                ("quiz", quiz_value(shuffle_options=True), "quiz-1"),
                ("assignment", assignment_value(completes_on="none", max_file_mb=2), "task-1"))
    enrol(student, course)

    log_in(page, url, "thandi@example.com")
    page.goto(url + lesson.url)
    quiz = page.locator("[data-quiz-block]")
    expect(quiz.get_by_role("heading", name="Budget check")).to_be_visible()
    quiz.get_by_role("button", name="Start the quiz").click()
    # First try: wrong answers everywhere.
    choose(page, "Which of these is a need?", "Takeaways")
    choose(page, "Which are fixed costs?", "Airtime")
    choose(page, "VAT in South Africa is 15%.", "False")
    page.get_by_label("Your answer", exact=True).fill("expenses")
    shoot(page, "quiz-attempt")
    assert violations(page) == []  # axe-core: labelled choices, named groups, contrast
    page.get_by_role("button", name="Hand in answers").click()
    expect(page.get_by_role("status").filter(has_text="not yet passed")).to_be_visible()
    expect(page.get_by_text("Rent keeps a roof over your head.")).to_be_visible()  # immediate feedback
    shoot(page, "quiz-failed")
    assert violations(page) == []
    assert not LessonProgress.objects.filter(user=student, lesson=lesson, status="completed").exists()

    # Second try, keyboard only for the first question: Tab to the radio group, arrows to choose.
    page.get_by_role("button", name="Try again").click()
    first_radio = page.locator(".quiz-question", has=page.get_by_text("Which of these is a need?")).locator("input").first
    first_radio.focus()
    choose(page, "Which of these is a need?", "Rent")
    choose(page, "Which are fixed costs?", "Rent")
    choose(page, "Which are fixed costs?", "Insurance")
    choose(page, "VAT in South Africa is 15%.", "True")
    page.get_by_label("Your answer", exact=True).fill("  INCOME ")
    page.get_by_role("button", name="Hand in answers").click()
    expect(page.get_by_text(re.compile(r"You scored 100% and passed “Budget check”\. The lesson is complete\."))).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="passed ✓")).to_be_visible()
    expect(page.locator(".meta").get_by_text("Completed")).to_be_visible()
    shoot(page, "quiz-passed")
    assert LessonProgress.objects.get(user=student, lesson=lesson).status == "completed"

    # Two files for the assignment.
    (tmp_path / "budget.pdf").write_bytes(minimal_pdf("My March budget"))
    (tmp_path / "receipt.png").write_bytes(PNG)
    form = page.locator(".assignment-form")
    form.get_by_label(re.compile("^Your answer")).fill("My budget for March, and a photo of a receipt.")
    form.get_by_label("Files", exact=True).set_input_files([str(tmp_path / "budget.pdf"), str(tmp_path / "receipt.png")])
    form.get_by_role("button", name="Hand in").click()
    expect(page.get_by_text("Your work for “Your monthly budget” is handed in.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="waiting to be graded")).to_be_visible()
    expect(page.get_by_role("link", name="budget.pdf")).to_be_visible()
    page.locator("#block-task-1").scroll_into_view_if_needed()
    shoot(page, "assignment-handed-in")
    submission = Submission.objects.get(user=student)
    assert sorted(f.name for f in submission.files.all()) == ["budget.pdf", "receipt.png"]

    # The instructor grades from the queue with the rubric.
    grader = new_page()
    grader.set_viewport_size(DESKTOP)
    admin_login(grader, url, "naledi@example.com", PASSWORD)
    grader.get_by_role("link", name="To grade").first.click()
    expect(grader.get_by_text("1 submission waiting, oldest first.")).to_be_visible()
    shoot(grader, "admin-to-grade")
    grader.get_by_role("link", name=re.compile(r"^Grade Thandi Nkosi")).click()
    expect(grader.get_by_role("link", name="budget.pdf")).to_be_visible()
    grader.get_by_role("group", name="Completeness").get_by_label(re.compile("Everything")).check()
    grader.get_by_role("group", name="Accuracy").get_by_label(re.compile("Mistakes")).check()
    grader.get_by_label("Feedback for the student").fill("Clear and complete. Check the transport line: it adds up to R1 150.")
    shoot(grader, "admin-grading")
    grader.get_by_role("button", name="Save grade").click()
    expect(grader.get_by_text("Graded Thandi Nkosi's “Your monthly budget”.")).to_be_visible()
    expect(grader.get_by_text("Nothing to grade")).to_be_visible()
    grader.goto(f"{url}/admin/assessments/gradebook/{course.pk}/")
    expect(grader.get_by_role("cell", name="14 / 20")).to_be_visible()
    expect(grader.get_by_role("cell", name="100%").first).to_be_visible()
    shoot(grader, "admin-gradebook")

    # The student reads the score and the feedback on the lesson page.
    page.reload()
    block = page.locator("#block-task-1")
    expect(block.get_by_text("Score: 14 of 20")).to_be_visible()
    expect(block.get_by_text("Clear and complete. Check the transport line")).to_be_visible()
    expect(block.get_by_text(re.compile("Completeness: Everything"))).to_be_visible()
    block.scroll_into_view_if_needed()
    shoot(page, "assignment-graded")
    assert violations(page) == []


def test_an_instructor_adds_a_quiz_and_an_assignment_and_the_approved_course_makes_their_rows(
    live_server, page, new_page, shoot, site_content
):
    url = live_server.url
    instructor = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    make_user("mod@example.com", settings.MODERATORS_GROUP, first_name="Mpho", last_name="Moloi")
    course = make_course(instructor, title="Budgeting basics", sections=1, lessons_per_section=1)
    lesson = lessons_of(course)[0]
    page.set_viewport_size(DESKTOP)
    admin_login(page, url, "naledi@example.com", PASSWORD)
    page.goto(f"{url}/admin/pages/{lesson.pk}/edit/")
    page.wait_for_load_state("networkidle")

    # A quiz with one question.
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Quiz").click()
    quiz = page.locator("[data-contentpath='body'] [data-contentpath='questions']").last.locator("xpath=..")
    quiz.locator(":scope > [data-contentpath='title'] input").fill("Budget check")
    questions = quiz.locator(":scope > [data-contentpath='questions']")
    questions.locator("button[data-streamfield-list-add]").first.click()
    stem = questions.locator("[data-contentpath='text'] .public-DraftEditor-content").first
    stem.click()
    page.keyboard.type("Which of these is a need?")
    options = questions.locator("[data-contentpath='options']").first
    for text, correct in (("Rent", True), ("Takeaways", False)):
        options.locator("button[data-streamfield-list-add]").last.click()
        options.locator("[data-contentpath='text'] input").last.fill(text)
        if correct:
            options.locator("[data-contentpath='correct'] input").last.check()

    # An assignment.
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Assignment").click()
    task = page.locator("[data-contentpath='body'] [data-contentpath='max_score']").last.locator("xpath=..")
    task.locator(":scope > [data-contentpath='title'] input").fill("Your monthly budget")
    instructions = task.locator(":scope > [data-contentpath='instructions'] .public-DraftEditor-content")
    instructions.click()
    page.keyboard.type("Upload your budget as a PDF.")
    expect(page.locator("input[name$='-value-instructions']").last).to_have_value(re.compile("Upload your budget"))
    shoot(page, "admin-quiz-editor", both=False)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile(r"Page '.*' has been updated"))).to_be_visible()
    assert not Quiz.objects.exists()  # a draft makes no rows

    page.goto(f"{url}/admin/courses/{course.pk}/curriculum/")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text(re.compile(r"is submitted for review"))).to_be_visible()

    moderator = new_page()
    moderator.set_viewport_size(DESKTOP)
    admin_login(moderator, url, "mod@example.com", PASSWORD)
    moderator.goto(f"{url}/admin/courses/{course.pk}/review/")
    moderator.get_by_role("button", name="Approve and publish all").click()
    expect(moderator.get_by_text(re.compile("is approved and live"))).to_be_visible()

    quiz_row = Quiz.objects.get(lesson=lesson)
    assert quiz_row.title == "Budget check" and quiz_row.is_active
    assert Assignment.objects.get(lesson=lesson).title == "Your monthly budget"
