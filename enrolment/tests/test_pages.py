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
    assert "Lesson 1.2 → <span class=\"lesson-nav-note\">Locked: after Lesson 1.1</span>" in html
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


LESSON_BUDGET = 60 * 1024  # bytes a lesson page may cost before the student starts anything


def lesson_blocks(kind, owner):
    """The body of a lesson of one kind ("everything": all of them at once)."""
    from tests.support.ai_tools import ai_block, make_tool
    from tests.support.h5p import h5p_block, package_from_data
    from tests.support.pdfs import make_document, pdf_block

    def image():
        from io import BytesIO

        from django.core.files.images import ImageFile
        from PIL import Image as Picture
        from wagtail.images.models import Image

        buffer = BytesIO()
        Picture.linear_gradient("L").resize((1600, 1000)).convert("RGB").save(buffer, "JPEG", quality=90)
        picture = Image.objects.create(title="Chart", file=ImageFile(buffer, name="chart.jpg"))
        return {"type": "image", "value": {"image": picture.pk, "alt_text": "A chart", "caption": "Spending by month"}}

    kinds = {
        "text": lambda: [{"type": "rich_text", "value": "<p>" + "Read this and think about it. " * 80 + "</p>"}],
        "markdown and code": lambda: [
            {"type": "markdown", "value": "## Steps\n\n" + "- a step worth taking\n" * 40},
            {"type": "code", "value": {"language": "python", "code": "total = sum(prices)\n" * 30, "caption": ""}},
        ],
        "image": lambda: [image()],
        "video": lambda: [{"type": "video", "id": "v1", "value": {
            "source": "youtube", "video": "dQw4w9WgXcQ", "title": "Intro", "duration": 120,
            "required_percent": 80, "counts_toward_completion": True, "captions": []}}],
        "pdf": lambda: [pdf_block(make_document(), block_id="p1")],
        "h5p package": lambda: [h5p_block(package_from_data(user=owner), block_id="h1")],
        "h5p hosted": lambda: [h5p_block(None, block_id="h2", mode="hosted")],
        "ai tool": lambda: [ai_block(make_tool()[0], block_id="a1")],
    }
    if kind == "everything":
        return [block for make in kinds.values() for block in make()]
    return kinds[kind]()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("kind", [
    "text", "markdown and code", "image", "video", "pdf", "h5p package", "h5p hosted", "ai tool", "everything",
])
def test_a_lesson_page_costs_under_60_kib_until_the_student_starts_something(client, student, course, media, kind):
    """HTML, CSS, JavaScript and images a lesson page makes a phone fetch, as production serves
    them (video left out): players (H5P) load only when the student starts them."""
    from tests.support.weight import page_weight

    lesson = lessons_of(course)[0]
    lesson.body = [{"id": f"b{n}", **block} for n, block in enumerate(lesson_blocks(kind, course.owner))]
    lesson.save()
    enrol(student, course)
    client.force_login(student)

    total, items, elsewhere = page_weight(client, lesson.url)

    assert total < LESSON_BUDGET, f"{total / 1024:.1f} KiB: " + ", ".join(f"{url} {size}" for _, url, size in items)
    assert not any("/h5p/" in url for _, url, _ in items)  # the player and the package wait for Start
    assert all(host in ("https://www.youtube-nocookie.com", "https://tool.example.org")
               for host in {"https://" + url.split("/")[2] for url in elsewhere}), elsewhere


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
