"""The student's pages: course, lesson, locked lesson, dashboard, enrol and complete buttons."""

import re
from decimal import Decimal

import pytest

from courses.models import CoursePage, LessonPage
from django.contrib.staticfiles import finders
from wagtail.models import PageViewRestriction

from tests.support import lessons_of, make_course
from enrolment.models import Enrolment, LessonProgress
from enrolment.services import complete_lesson, enrol

pytestmark = pytest.mark.django_db


def test_enrol_button_enrols_once_and_opens_the_first_lesson(client, student, course):
    client.force_login(student)
    response = client.post(f"/enrol/{course.pk}/")
    assert response.status_code == 302 and response["Location"] == lessons_of(course)[0].url
    client.post(f"/enrol/{course.pk}/")
    assert Enrolment.objects.filter(user=student).count() == 1


def test_enrol_button_refuses_paid_course_with_a_message(client, student, instructor):
    paid = make_course(instructor, title="Paid", pricing_type="paid", price=Decimal("99.00"))
    client.force_login(student)
    response = client.post(f"/enrol/{paid.pk}/", follow=True)
    assert "must be bought" in response.content.decode()
    assert not Enrolment.objects.exists()


def hide(course, how):
    if how == "draft":
        course.unpublish()
    elif how == "archived":
        CoursePage.objects.filter(pk=course.pk).update(is_archived=True)
    elif how == "private":
        PageViewRestriction.objects.create(page=course, restriction_type="password", password="secret")
    elif how == "login_only":
        PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)


@pytest.mark.parametrize("how", ["draft", "archived", "private", "login_only"])
def test_enrol_button_for_a_course_the_student_may_not_see_is_404_and_never_names_its_url(client, student, course, how):
    url = course.url
    hide(course, how)
    client.force_login(student)

    response = client.post(f"/enrol/{course.pk}/")

    assert response.status_code == 404
    assert "Location" not in response and url not in response.content.decode()
    assert not Enrolment.objects.exists()


def test_an_enrolled_student_of_a_private_course_is_sent_back_to_it(client, student, course):
    enrol(student, course)
    hide(course, "private")
    client.force_login(student)

    response = client.post(f"/enrol/{course.pk}/")

    assert response.status_code == 302 and response["Location"] == lessons_of(course)[0].url


def test_enrol_needs_login_and_post(client, course, student):
    assert client.post(f"/enrol/{course.pk}/")["Location"].startswith("/accounts/login/")
    client.force_login(student)
    assert client.get(f"/enrol/{course.pk}/").status_code == 405
    assert not Enrolment.objects.exists()


def test_course_page_shows_states_progress_and_continue(client, student, course):
    enrol(student, course)
    complete_lesson(student, lessons_of(course)[0])
    client.force_login(student)
    html = client.get(course.url).content.decode()
    states = re.findall(r'data-state="(\w+)"', html)
    assert states == ["completed", "available", "locked", "locked", "locked", "locked"]
    assert 'aria-valuenow="16"' in html
    assert "Continue: Lesson 1.2" in html


def test_lesson_page_has_mark_complete_and_navigation(client, student, course):
    enrol(student, course)
    first, second = lessons_of(course)[:2]
    client.force_login(student)
    html = client.get(first.url).content.decode()
    assert "Mark complete" in html
    assert "Lesson 1.2 → (locked)" in html
    response = client.post(f"/lessons/{first.pk}/complete/")
    assert response["Location"] == second.url
    html = client.get(second.url).content.decode()
    assert f'href="{first.url}" rel="prev"' in html
    assert LessonProgress.objects.get(user=student, lesson=second).status == "in_progress"


def test_locked_lesson_page_names_what_is_missing_and_complete_is_refused(client, student, course):
    enrol(student, course)
    first, second = lessons_of(course)[:2]
    client.force_login(student)
    response = client.get(second.url)
    assert response.status_code == 403
    assert "Finish these lessons first" in response.content.decode() and first.title in response.content.decode()
    response = client.post(f"/lessons/{second.pk}/complete/", follow=True)
    assert "Complete first" in response.content.decode()
    assert not LessonProgress.objects.filter(lesson=second).exists()


def test_stranger_sees_login_prompt_on_a_lesson(client, course):
    response = client.get(lessons_of(course)[0].url)
    assert response.status_code == 403
    assert "Log in" in response.content.decode()


def test_student_of_another_course_cannot_open_or_complete_its_lessons(client, other_student, course, other_course):
    enrol(other_student, other_course)
    client.force_login(other_student)
    first = lessons_of(course)[0]
    assert client.get(first.url).status_code == 403
    client.post(f"/lessons/{first.pk}/complete/")
    assert not LessonProgress.objects.filter(user=other_student).exists()


def test_finishing_the_last_lesson_celebrates_and_shows_100(client, student, course):
    enrol(student, course)
    lessons = lessons_of(course)
    for lesson in lessons[:-1]:
        complete_lesson(student, lesson)
    client.force_login(student)
    response = client.post(f"/lessons/{lessons[-1].pk}/complete/", follow=True)
    html = response.content.decode()
    assert "Course complete" in html and 'aria-valuenow="100"' in html
    dashboard = client.get("/dashboard/").content.decode()
    assert 'aria-valuenow="100"' in dashboard and "Completed" in dashboard


def test_dashboard_lists_only_my_courses(client, student, other_student, course, other_course):
    enrol(student, course)
    enrol(other_student, other_course)
    client.force_login(student)
    html = client.get("/dashboard/").content.decode()
    assert course.title in html and other_course.title not in html


def test_lesson_page_stays_light_for_mobile_data(client, student, course):
    """The lesson page's own HTML, CSS and JavaScript stay under 40 KB uncompressed."""
    enrol(student, course)
    client.force_login(student)
    html = client.get(lessons_of(course)[0].url).content
    assets = [finders.find("css/site.css"), finders.find("js/lesson.js")]
    total = len(html) + sum(len(open(path, "rb").read()) for path in assets)
    assert total < 40 * 1024, total


def test_healthz_is_plain_ok(client):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok"


def test_home_page_lists_new_courses(client, course):
    html = client.get("/").content.decode()
    assert course.title in html


def test_an_archived_courses_preview_lesson_is_gone_from_the_site(client, instructor):
    course = make_course(instructor, title="Old", sections=1, lessons_per_section=1, is_archived=True)
    lesson = lessons_of(course)[0]
    LessonPage.objects.filter(pk=lesson.pk).update(is_preview=True)
    assert client.get(lesson.url).status_code == 404


def test_a_preview_lesson_says_what_to_finish_instead_of_offering_mark_complete(client, student, course):
    enrol(student, course)
    third = lessons_of(course)[2]
    LessonPage.objects.filter(pk=third.pk).update(is_preview=True)
    client.force_login(student)
    html = client.get(third.url).content.decode()
    assert "Complete first: Lesson 1.2" in html and "Mark complete" not in html
