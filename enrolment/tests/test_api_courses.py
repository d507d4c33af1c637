"""The course API: catalogue list, detail, instructor create/update/delete, and the sections outline."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.support import lesson_body, lessons_of, make_course
from courses.models import Category, CoursePage, SectionPage
from enrolment.models import Enrolment
from enrolment.services import complete_lesson, enrol


@pytest.fixture(autouse=True)
def cheap_test_clients(settings):
    # Each new test client loads the middleware, and WhiteNoise then indexes every static file
    # (~50 ms). These tests fetch no static files, so let WhiteNoise look files up lazily instead.
    settings.WHITENOISE_AUTOREFRESH = True


LIST_ITEM_KEYS = {
    "id", "title", "slug", "description", "thumbnail_url", "instructor", "price", "currency", "pricing_type",
    "category", "difficulty", "is_enrolled", "progress", "student_count", "rating", "url",
}
DETAIL_KEYS = LIST_ITEM_KEYS | {
    "enrollment_id", "is_archived", "is_published", "has_unpublished_changes", "lesson_count", "outcomes",
}


def titles(response):
    return [item["title"] for item in response.json()["results"]]


def course_state(course):
    """What an edit could change, read fresh from the database."""
    page = CoursePage.objects.get(pk=course.pk)
    return (page.title, page.description, page.price, page.pricing_type, page.live, page.revisions.count())


# --- list -------------------------------------------------------------------------------------


def test_course_list_has_the_documented_shape_with_money_as_a_zar_string(client_for, student, instructor, category):
    make_course(
        instructor, title="Tax for freelancers", pricing_type="paid", price=Decimal("499.00"), sections=1,
        category=category,
    )

    response = client_for(student).get("/api/courses/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    item = body["results"][0]
    assert set(item) == LIST_ITEM_KEYS
    assert item["price"] == "499.00"
    assert item["currency"] == "ZAR"
    assert item["pricing_type"] == "paid"
    assert item["instructor"] == {"id": instructor.pk, "name": "Naledi Dlamini"}
    assert item["description"] == "Tax for freelancers: a practical course."
    assert item["category"] == {"id": category.pk, "name": "Money", "slug": "money"}
    assert item["is_enrolled"] is False and item["progress"] is None
    assert item["student_count"] == 0
    assert item["url"].endswith("/courses/tax-for-freelancers/")


def test_course_list_shows_the_signed_in_students_enrolment_and_progress(client_for, student, other_student, course):
    enrol(student, course)
    enrol(other_student, course)
    complete_lesson(student, lessons_of(course)[0])

    mine = client_for(student).get("/api/courses/").json()["results"][0]
    anonymous = client_for().get("/api/courses/").json()["results"][0]

    assert (mine["is_enrolled"], mine["progress"], mine["student_count"]) == (True, 16, 2)
    assert (anonymous["is_enrolled"], anonymous["progress"], anonymous["student_count"]) == (False, None, 2)


def test_course_list_leaves_out_drafts_archived_and_private_courses(client_for, student, instructor, course):
    make_course(instructor, title="Draft course", live=False, sections=0)
    archived = make_course(instructor, title="Archived course", sections=0)
    archived.is_archived = True
    archived.save()
    private = make_course(instructor, title="Private course", sections=0)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")

    for user in (None, student, instructor):
        assert titles(client_for(user).get("/api/courses/")) == ["Budgeting basics"]


def test_course_list_is_paginated_twenty_to_a_page(client_for, db, instructor):
    for n in range(21):
        make_course(instructor, title=f"Course {n:02d}", sections=0)

    first = client_for().get("/api/courses/").json()
    second = client_for().get(first["next"]).json()

    assert first["count"] == 21 and len(first["results"]) == 20
    assert first["previous"] is None and "page=2" in first["next"]
    assert titles_of(second) == ["Course 20"] and second["next"] is None
    assert client_for().get("/api/courses/?page=9").status_code == 404


def titles_of(body):
    return [item["title"] for item in body["results"]]


def test_course_list_filters_by_search_category_difficulty_and_pricing(client_for, db, instructor, category):
    other_category = Category.objects.create(name="Computers")
    make_course(instructor, title="Budgeting basics", sections=0, category=category)
    make_course(
        instructor, title="Spreadsheet skills", sections=0, category=other_category, difficulty="advanced",
        pricing_type="paid", price=Decimal("250.00"),
    )
    client = client_for()

    assert titles(client.get("/api/courses/?search=spreadsheet")) == ["Spreadsheet skills"]
    assert titles(client.get("/api/courses/?category=money")) == ["Budgeting basics"]
    assert titles(client.get("/api/courses/?difficulty=advanced")) == ["Spreadsheet skills"]
    assert titles(client.get("/api/courses/?pricing_type=free")) == ["Budgeting basics"]
    assert titles(client.get("/api/courses/?search=nothing-like-this")) == []


def test_course_list_search_finds_word_beginnings_and_other_forms(client_for, db, instructor):
    make_course(instructor, title="Budgeting basics", sections=0, description="<p>Join a stokvel.</p>")
    make_course(instructor, title="Group savings", sections=0, description="<p>Stokvels and burial societies.</p>")
    client = client_for()

    assert titles(client.get("/api/courses/?search=budg")) == ["Budgeting basics"]
    assert sorted(titles(client.get("/api/courses/?search=stokvels"))) == ["Budgeting basics", "Group savings"]
    assert sorted(titles(client.get("/api/courses/?search=stokvel"))) == ["Budgeting basics", "Group savings"]


def test_course_list_sorts_by_the_ordering_parameter(client_for, db, instructor, student):
    popular = make_course(instructor, title="Popular", sections=1, lessons_per_section=1)
    dear = make_course(instructor, title="Dear", sections=0, pricing_type="paid", price=Decimal("900.00"))
    cheap = make_course(instructor, title="Cheap", sections=0, pricing_type="paid", price=Decimal("90.00"))
    now = timezone.now()
    for days, course in enumerate([cheap, dear, popular], start=1):
        CoursePage.objects.filter(pk=course.pk).update(first_published_at=now - timedelta(days=days))
    enrol(student, popular)
    client = client_for()

    assert titles(client.get("/api/courses/")) == ["Cheap", "Dear", "Popular"]
    assert titles(client.get("/api/courses/?ordering=relevance")) == ["Cheap", "Dear", "Popular"]
    assert titles(client.get("/api/courses/?ordering=newest")) == ["Cheap", "Dear", "Popular"]
    assert titles(client.get("/api/courses/?ordering=popular")) == ["Popular", "Cheap", "Dear"]
    assert titles(client.get("/api/courses/?ordering=price")) == ["Popular", "Cheap", "Dear"]
    assert titles(client.get("/api/courses/?ordering=-price")) == ["Dear", "Cheap", "Popular"]
    assert client.get("/api/courses/?ordering=popular").json()["results"][0]["student_count"] == 1


def test_course_list_refuses_an_unknown_ordering(client_for, db, instructor):
    make_course(instructor, sections=0)
    response = client_for().get("/api/courses/?ordering=cheapest")
    assert response.status_code == 400
    assert response.json()["ordering"] == ['"cheapest" is not a valid choice.']


# --- detail -----------------------------------------------------------------------------------


def test_course_detail_of_an_enrolled_student_carries_the_enrolment_id(client_for, student, other_student, course):
    enrolment, _ = enrol(student, course)

    mine = client_for(student).get(f"/api/courses/{course.pk}/")
    theirs = client_for(other_student).get(f"/api/courses/{course.pk}/")

    assert mine.status_code == 200
    assert set(mine.json()) == DETAIL_KEYS
    assert mine.json()["enrollment_id"] == enrolment.pk and mine.json()["is_enrolled"] is True
    assert mine.json()["lesson_count"] == 6 and mine.json()["is_published"] is True
    assert theirs.json()["enrollment_id"] is None and theirs.json()["is_enrolled"] is False


def test_course_detail_lists_what_you_will_learn_one_outcome_per_line(client_for, student, course):
    assert client_for(student).get(f"/api/courses/{course.pk}/").json()["outcomes"] == []

    course.outcomes = "Draw up a monthly budget\n\n- Open a tax-free savings account  \n• Read a credit report\n"
    course.save_revision().publish()

    assert client_for(student).get(f"/api/courses/{course.pk}/").json()["outcomes"] == [
        "Draw up a monthly budget", "Open a tax-free savings account", "Read a credit report",
    ]


@pytest.mark.parametrize("pk", [999999, "section", "lesson"])
def test_course_detail_of_something_that_is_not_a_course_is_not_found(client_for, student, course, pk):
    if pk == "section":
        pk = SectionPage.objects.child_of(course).first().pk
    elif pk == "lesson":
        pk = lessons_of(course)[0].pk

    assert client_for(student).get(f"/api/courses/{pk}/").status_code == 404
    assert client_for(student).get(f"/api/courses/{pk}/sections/").status_code == 404


def test_archived_course_stays_visible_to_its_students_only(client_for, student, other_student, course):
    enrol(student, course)
    course.is_archived = True
    course.save()

    assert client_for(student).get(f"/api/courses/{course.pk}/").json()["is_archived"] is True
    assert client_for(other_student).get(f"/api/courses/{course.pk}/").status_code == 404
    assert client_for().get(f"/api/courses/{course.pk}/").status_code == 404


def test_private_course_is_hidden_from_everyone_but_its_students_and_staff(
    client_for, student, other_student, instructor, course
):
    enrol(student, course)
    PageViewRestriction.objects.create(page=course, restriction_type="password", password="secret")

    for user in (student, instructor):
        assert client_for(user).get(f"/api/courses/{course.pk}/").status_code == 200
    for user in (None, other_student):
        assert client_for(user).get(f"/api/courses/{course.pk}/").status_code == 404
        assert client_for(user).get(f"/api/courses/{course.pk}/sections/").status_code == 404


def test_draft_course_is_visible_only_to_its_owner_and_admins(
    client_for, student, instructor, other_instructor, admin_user
):
    draft = make_course(instructor, title="Work in progress", live=False, sections=0)

    assert client_for(instructor).get(f"/api/courses/{draft.pk}/").json()["is_published"] is False
    assert client_for(admin_user).get(f"/api/courses/{draft.pk}/").status_code == 200
    for user in (None, student, other_instructor):
        assert client_for(user).get(f"/api/courses/{draft.pk}/").status_code == 404


# --- create -----------------------------------------------------------------------------------


def test_instructor_creates_a_draft_course_they_own(client_for, instructor, category):
    response = client_for(instructor).post(
        "/api/courses/",
        {
            "title": "Tax for freelancers", "description": "Know what you owe.\n\nKeep your receipts & invoices.",
            "category": category.pk, "difficulty": "intermediate", "pricing_type": "paid", "price": "499.00",
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    course = CoursePage.objects.get(pk=body["id"])
    assert (course.owner, course.instructor, course.live) == (instructor, instructor, False)
    assert course.price == Decimal("499.00") and course.pricing_type == "paid"
    assert body["price"] == "499.00" and body["is_published"] is False and body["slug"] == "tax-for-freelancers"
    # The description reads back as it was written.
    assert body["description"] == "Know what you owe.\n\nKeep your receipts & invoices."
    assert client_for(instructor).get(f"/api/courses/{course.pk}/").json()["description"] == body["description"]
    # A draft is not in the catalogue.
    assert titles(client_for().get("/api/courses/")) == []


def test_a_second_course_with_the_same_title_gets_its_own_slug(client_for, instructor, course):
    response = client_for(instructor).post(
        "/api/courses/", {"title": "Budgeting basics", "description": "Again."}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["slug"] == "budgeting-basics-2"


@pytest.mark.parametrize(
    "body,field",
    [
        ({"description": "No title"}, "title"),
        ({"title": "No description"}, "description"),
        ({"title": "T", "description": "D", "pricing_type": "paid", "price": "-5.00"}, "price"),
        ({"title": "T", "description": "D", "pricing_type": "paid", "price": "abc"}, "price"),
        ({"title": "T", "description": "D", "pricing_type": "paid", "price": "99999999999.00"}, "price"),
        ({"title": "T", "description": "D", "pricing_type": "paid"}, "price"),
        ({"title": "T", "description": "D", "pricing_type": "free", "price": "10.00"}, "price"),
        ({"title": "T", "description": "D", "pricing_type": "lifetime"}, "pricing_type"),
        ({"title": "T", "description": "D", "difficulty": "impossible"}, "difficulty"),
        ({"title": "T", "description": "D", "category": 999999}, "category"),
        ({"title": ["T"], "description": "D"}, "title"),
    ],
)
def test_creating_a_course_with_bad_input_names_the_field_and_creates_nothing(client_for, instructor, db, body, field):
    response = client_for(instructor).post("/api/courses/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not CoursePage.objects.exists()


def test_students_and_visitors_cannot_create_courses(client_for, student, db):
    body = {"title": "Sneaky", "description": "Should not exist."}

    assert client_for(student).post("/api/courses/", body, format="json").status_code == 403
    assert client_for().post("/api/courses/", body, format="json").status_code == 401
    assert not CoursePage.objects.exists()


# --- update -----------------------------------------------------------------------------------


def test_owner_edits_their_draft_course(client_for, instructor):
    draft = make_course(instructor, title="Work in progress", live=False, sections=0)

    response = client_for(instructor).patch(
        f"/api/courses/{draft.pk}/", {"title": "Finished work", "pricing_type": "paid", "price": "120.50"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["price"]) == ("Finished work", "120.50")
    draft.refresh_from_db()
    assert (draft.title, draft.price, draft.pricing_type) == ("Finished work", Decimal("120.50"), "paid")


def test_owner_edit_of_a_published_course_waits_for_review(client_for, instructor, student, course):
    response = client_for(instructor).patch(f"/api/courses/{course.pk}/", {"title": "Budgeting 2.0"}, format="json")

    assert response.status_code == 200
    assert response.json()["has_unpublished_changes"] is True
    # Students keep seeing the live version until a moderator publishes the change.
    assert client_for(student).get(f"/api/courses/{course.pk}/").json()["title"] == "Budgeting basics"
    assert CoursePage.objects.get(pk=course.pk).get_latest_revision_as_object().title == "Budgeting 2.0"


def test_put_replaces_the_whole_course_and_needs_every_required_field(client_for, instructor):
    draft = make_course(instructor, title="Work in progress", live=False, sections=0)
    client = client_for(instructor)

    incomplete = client.put(f"/api/courses/{draft.pk}/", {"title": "Only a title"}, format="json")
    assert incomplete.status_code == 400 and "description" in incomplete.json()

    complete = client.put(f"/api/courses/{draft.pk}/", {"title": "Whole", "description": "All of it."}, format="json")
    assert complete.status_code == 200
    assert (complete.json()["title"], complete.json()["description"]) == ("Whole", "All of it.")


@pytest.mark.parametrize("body", [{"price": "-1.00", "pricing_type": "paid"}, {"title": ""}, {"pricing_type": "paid"}])
def test_bad_edit_is_refused_and_changes_nothing(client_for, instructor, course, body):
    before = course_state(course)

    response = client_for(instructor).patch(f"/api/courses/{course.pk}/", body, format="json")

    assert response.status_code == 400
    assert course_state(course) == before


def test_instructor_cannot_edit_someone_elses_course(client_for, instructor, other_course):
    before = course_state(other_course)
    client = client_for(instructor)

    patch = client.patch(f"/api/courses/{other_course.pk}/", {"title": "Mine now"}, format="json")
    put = client.put(f"/api/courses/{other_course.pk}/", {"title": "Mine now", "description": "x"}, format="json")

    assert patch.status_code == put.status_code == 403
    assert patch.json()["detail"] == "You can only change your own courses."
    assert course_state(other_course) == before


def test_student_cannot_edit_a_course_even_when_enrolled(client_for, student, course):
    enrol(student, course)
    before = course_state(course)

    response = client_for(student).patch(f"/api/courses/{course.pk}/", {"title": "Hacked"}, format="json")

    assert response.status_code == 403
    assert course_state(course) == before


# --- delete -----------------------------------------------------------------------------------


def test_owner_deletes_their_own_empty_draft(client_for, instructor):
    draft = make_course(instructor, title="Never mind", live=False, sections=0)

    response = client_for(instructor).delete(f"/api/courses/{draft.pk}/")

    assert response.status_code == 204
    assert not CoursePage.objects.filter(pk=draft.pk).exists()


def test_owner_cannot_delete_a_published_course_with_students(client_for, instructor, student, course):
    enrol(student, course)

    response = client_for(instructor).delete(f"/api/courses/{course.pk}/")

    assert response.status_code == 403
    assert CoursePage.objects.filter(pk=course.pk, live=True).exists()
    assert Enrolment.objects.filter(course=course).count() == 1


def test_instructor_cannot_delete_someone_elses_course(client_for, instructor, other_instructor, other_course):
    draft = make_course(other_instructor, title="Their draft", live=False, sections=0)
    client = client_for(instructor)

    assert client.delete(f"/api/courses/{other_course.pk}/").status_code == 403
    assert client.delete(f"/api/courses/{draft.pk}/").status_code == 404
    assert CoursePage.objects.filter(pk__in=[other_course.pk, draft.pk]).count() == 2


def test_admin_deletes_any_course(client_for, admin_user, course):
    assert client_for(admin_user).delete(f"/api/courses/{course.pk}/").status_code == 204
    assert not CoursePage.objects.filter(pk=course.pk).exists()


def test_deleting_a_course_that_does_not_exist_is_not_found(client_for, admin_user, db):
    assert client_for(admin_user).delete("/api/courses/999999/").status_code == 404


# --- sections ---------------------------------------------------------------------------------


def test_sections_list_every_section_and_lesson_in_order_with_their_state(client_for, student, course):
    enrol(student, course)
    first = lessons_of(course)[0]
    complete_lesson(student, first)

    response = client_for(student).get(f"/api/courses/{course.pk}/sections/")

    assert response.status_code == 200
    sections = response.json()
    assert [(s["title"], s["order"]) for s in sections] == [("Section 1", 1), ("Section 2", 2)]
    lessons = [lesson for s in sections for lesson in s["lessons"]]
    assert [(x["title"], x["order"]) for x in lessons] == [
        ("Lesson 1.1", 1), ("Lesson 1.2", 2), ("Lesson 1.3", 3),
        ("Lesson 2.1", 1), ("Lesson 2.2", 2), ("Lesson 2.3", 3),
    ]
    assert set(lessons[0]) >= {"id", "title", "order", "lesson_type", "is_locked", "is_completed"}
    assert lessons[0]["id"] == first.pk
    assert [(x["is_completed"], x["is_locked"]) for x in lessons[:3]] == [(True, False), (False, False), (False, True)]


def test_sections_show_lesson_types_and_previews_to_visitors(client_for, db, instructor):
    course = make_course(instructor, sections=1, lessons_per_section=2, chain=False)
    video, text = lessons_of(course)
    video.body = lesson_body(
        ("video", {"source": "youtube", "video": "dQw4w9WgXcQ", "title": "Intro", "duration": 212})
    )
    video.is_preview = True
    video.save()

    lessons = client_for().get(f"/api/courses/{course.pk}/sections/").json()[0]["lessons"]

    assert [(x["lesson_type"], x["is_locked"], x["is_preview"]) for x in lessons] == [
        ("video", False, True), ("text", True, False),
    ]


def test_unpublished_sections_and_lessons_are_left_out(client_for, student, course):
    section = SectionPage.objects.child_of(course).last()
    section.unpublish()
    lessons_of(course)[1].unpublish()

    sections = client_for(student).get(f"/api/courses/{course.pk}/sections/").json()

    assert [s["title"] for s in sections] == ["Section 1"]
    assert [x["title"] for x in sections[0]["lessons"]] == ["Lesson 1.1", "Lesson 1.3"]


def test_draft_course_sections_are_not_found_for_students(client_for, student, instructor):
    draft = make_course(instructor, title="Hidden", live=False, sections=1)

    assert client_for(student).get(f"/api/courses/{draft.pk}/sections/").status_code == 404
    assert client_for(instructor).get(f"/api/courses/{draft.pk}/sections/").status_code == 200
