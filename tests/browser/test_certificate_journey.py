"""A student finishes a course in the browser, gets the certificate on the dashboard, downloads it and checks the code."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from enrolment.models import Certificate
from enrolment.services import enrol, mark_complete
from tests.support import PASSWORD, lessons_of, make_course, make_user
from tests.support.axe import violations
from tests.support.browser import DESKTOP, MOBILE

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "private")}}}


def log_in(page, url, email):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def assert_accessible(page, name):
    """axe-core finds no violation at phone and desktop widths."""
    original = page.viewport_size
    for label, size in (("phone", MOBILE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.wait_for_timeout(100)
        found = violations(page)
        assert found == [], f"{name} at {label} width:\n" + "\n".join(found)
    page.set_viewport_size(original)


def test_student_completes_the_last_lesson_and_gets_a_verifiable_certificate(live_server, page, new_page, shoot,
                                                                              site_content, tmp_path):
    teacher = make_user("naledi@example.com", settings.INSTRUCTORS_GROUP, first_name="Naledi", last_name="Dlamini")
    course = make_course(teacher, title="Budgeting basics", sections=1, lessons_per_section=2, chain=False)
    student = make_user("thandi@example.com", settings.STUDENTS_GROUP, first_name="Thandi", last_name="Nkosi")
    enrolment, _ = enrol(student, course)
    first, last = lessons_of(course)
    mark_complete(student, first, enrolment)
    url = live_server.url

    log_in(page, url, "thandi@example.com")
    page.goto(url + last.url)
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_role("status")).to_contain_text("Course complete! You finished Budgeting basics.")

    # The certificate is on the dashboard (issued by the task queued when the course completed).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    item = page.locator(".enrolment-item", has=page.get_by_role("link", name="Budgeting basics"))
    download_link = item.get_by_role("link", name="Download certificate (PDF)")
    expect(download_link).to_be_visible()
    expect(item.get_by_role("link", name="Add to LinkedIn profile")).to_have_attribute("href", re.compile("/linkedin/$"))
    certificate = Certificate.objects.get(enrolment=enrolment)
    expect(item).to_contain_text(certificate.code)
    # The bell counts the enrolment notice and the certificate notice.
    expect(page.locator(".bell-count")).to_have_text(re.compile(r"2"))
    shoot(page, "certificate-dashboard")
    assert_accessible(page, "dashboard with a certificate")

    with page.expect_download() as download_info:
        download_link.click()
    pdf = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Thandi Nkosi" in text and "Budgeting basics" in text and certificate.code in text
    if shutil.which("pdftoppm"):
        # Page 1 as a picture, beside the page screenshots, for a person to look at.
        SCREENSHOTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(SCREENSHOTS / "certificate-pdf-page1")], check=True)

    # The notices page lists the certificate.
    page.locator("a.bell").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_text("Your certificate for Budgeting basics")).to_be_visible()
    shoot(page, "notifications")
    assert_accessible(page, "notifications")

    # Anyone (a new session, not logged in) checks the code, typed loosely.
    visitor = new_page()
    visitor.goto(url + "/certificates/verify/")
    shoot(visitor, "certificate-verify-form")
    assert_accessible(visitor, "verification form")
    visitor.get_by_label("Certificate code").fill(certificate.code.lower().replace("-", " "))
    visitor.get_by_role("button", name="Check the code").click()
    expect(visitor).to_have_url(re.compile(rf"/certificates/verify/{certificate.code}/$"))
    result = visitor.locator(".certificate-result")
    expect(result).to_have_attribute("data-status", "valid")
    expect(result).to_contain_text("Thandi Nkosi")
    expect(result).to_contain_text("Budgeting basics")
    expect(result.get_by_role("link", name="Download the PDF")).to_have_count(0)  # a stranger gets no PDF
    shoot(visitor, "certificate-verified")
    assert_accessible(visitor, "a verified certificate")

    # A stranger's direct try at the PDF is sent to log in; a typo'd code is not found.
    assert visitor.goto(url + f"/certificates/{certificate.code}/pdf/").url.endswith(
        f"/accounts/login/?next=/certificates/{certificate.code}/pdf/")
    assert visitor.goto(url + "/certificates/verify/ABCD-EFGH-JK23/").status == 404
    expect(visitor.get_by_role("alert")).to_contain_text("No certificate has this code")
    shoot(visitor, "certificate-not-found")
    assert_accessible(visitor, "an unknown code")
