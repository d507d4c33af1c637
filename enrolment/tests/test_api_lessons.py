"""Enrolment and lesson API: enrol, my enrolments, lesson detail, heartbeat progress, mark complete."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient
from wagtail.models import PageViewRestriction

from tests.support.clock import open_lesson_ago, rewind_lesson
from tests.support import PASSWORD, lesson_body, lessons_of, make_course
from enrolment.models import Enrolment, LessonProgress
from enrolment.services import HEARTBEAT_SLACK_SECONDS, complete_lesson, enrol


@pytest.fixture(autouse=True)
def cheap_test_clients(settings):
    # Each new test client loads the middleware, and WhiteNoise then indexes every static file
    # (~50 ms). These tests fetch no static files, so let WhiteNoise look files up lazily instead.
    settings.WHITENOISE_AUTOREFRESH = True


def jwt_client(user):
    client = APIClient()
    response = client.post("/api/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    return client


def progress_rows(user):
    return list(LessonProgress.objects.filter(user=user).values_list("lesson_id", "status", "time_spent_seconds"))


# --- enrol ------------------------------------------------------------------------------------


def test_student_enrols_once_and_a_second_request_returns_the_same_enrolment(student, course):
    client = jwt_client(student)

    first = client.post(f"/api/courses/{course.pk}/enroll/")
    second = client.post(f"/api/courses/{course.pk}/enroll/")

    assert first.status_code == 201 and second.status_code == 200
    assert set(first.json()) == {"id", "course_id", "enrolled_at", "progress"}
    assert first.json() == second.json()
    assert first.json()["course_id"] == course.pk and first.json()["progress"] == 0
    assert Enrolment.objects.filter(user=student).count() == 1


def test_enrolling_again_after_cancelling_reactivates_the_same_enrolment(client_for, student, course):
    enrolment, _ = enrol(student, course)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.CANCELLED)

    response = client_for(student).post(f"/api/courses/{course.pk}/enroll/")

    assert response.status_code == 201 and response.json()["id"] == enrolment.pk
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ACTIVE


@pytest.mark.parametrize("pricing", ["paid", "both", "subscription"])
def test_course_for_sale_cannot_be_enrolled_in_through_the_free_endpoint(client_for, student, instructor, pricing):
    price = Decimal("0.00") if pricing == "subscription" else Decimal("499.00")
    course = make_course(instructor, title="Tax for freelancers", pricing_type=pricing, price=price, sections=1)

    response = client_for(student).post(f"/api/courses/{course.pk}/enroll/")

    assert response.status_code == 402
    assert response.json()["code"] == "payment_required"
    assert not Enrolment.objects.exists()


def test_enrolling_in_a_draft_course_is_refused(client_for, student, instructor):
    draft = make_course(instructor, title="Not ready", live=False, sections=1)

    for user in (student, instructor):
        assert client_for(user).post(f"/api/courses/{draft.pk}/enroll/").status_code == 404
    assert not Enrolment.objects.exists()


def test_enrolling_in_an_archived_course_is_refused(client_for, student, moderator, course):
    course.is_archived = True
    course.save()

    hidden = client_for(student).post(f"/api/courses/{course.pk}/enroll/")
    closed = client_for(moderator).post(f"/api/courses/{course.pk}/enroll/")

    assert hidden.status_code == 404
    assert closed.status_code == 409 and closed.json()["code"] == "not_open"
    assert not Enrolment.objects.exists()


def test_enrolling_in_a_private_course_is_refused(client_for, student, moderator, course):
    PageViewRestriction.objects.create(page=course, restriction_type="password", password="secret")

    hidden = client_for(student).post(f"/api/courses/{course.pk}/enroll/")
    closed = client_for(moderator).post(f"/api/courses/{course.pk}/enroll/")

    assert hidden.status_code == 404
    assert closed.status_code == 409 and closed.json()["code"] == "not_open"
    assert not Enrolment.objects.exists()


def test_enrolling_in_a_course_that_does_not_exist_is_not_found(client_for, student, course):
    for pk in (999999, lessons_of(course)[0].pk):
        assert client_for(student).post(f"/api/courses/{pk}/enroll/").status_code == 404
    assert not Enrolment.objects.exists()


def test_visitor_must_log_in_to_enrol(client_for, db, course):
    assert client_for().post(f"/api/courses/{course.pk}/enroll/").status_code == 401
    assert not Enrolment.objects.exists()


# --- my enrolments ----------------------------------------------------------------------------


def test_my_enrolments_lists_only_my_active_enrolments_with_progress(
    client_for, student, other_student, course, other_course
):
    enrol(student, course)
    cancelled, _ = enrol(student, other_course)
    Enrolment.objects.filter(pk=cancelled.pk).update(status=Enrolment.Status.CANCELLED)
    enrol(other_student, other_course)
    complete_lesson(student, lessons_of(course)[0])

    body = client_for(student).get("/api/me/enrollments/").json()

    assert body["count"] == 1 and body["next"] is None
    item = body["results"][0]
    assert item["course_id"] == course.pk and item["course_title"] == "Budgeting basics"
    assert item["progress"] == 16 and item["completed_at"] is None and item["source"] == "free"
    assert item["course_url"] == "http://127.0.0.1:8000/courses/budgeting-basics/"  # on SITE_URL, not the request host


def test_opening_a_lesson_through_the_api_sets_where_to_resume(client_for, student, course):
    enrol(student, course)
    first = lessons_of(course)[0]
    client = client_for(student)

    client.get(f"/api/lessons/{first.pk}/")

    assert client.get("/api/me/enrollments/").json()["results"][0]["last_lesson_id"] == first.pk


def test_my_enrolments_put_the_course_used_last_first_and_unopened_ones_after(
    client_for, student, course, other_course
):
    enrol(student, course)
    enrol(student, other_course)  # the newer enrolment, never opened
    client = client_for(student)
    client.get(f"/api/lessons/{lessons_of(course)[0].pk}/")

    results = client.get("/api/me/enrollments/").json()["results"]

    assert [e["course_id"] for e in results] == [course.pk, other_course.pk]


def test_visitor_has_no_enrolments_to_list(client_for, db):
    assert client_for().get("/api/me/enrollments/").status_code == 401


# --- lesson detail ----------------------------------------------------------------------------


def test_lesson_detail_gives_content_blocks_state_and_neighbours(student, course):
    enrol(student, course)
    lessons = lessons_of(course)
    for lesson in lessons[:3]:
        complete_lesson(student, lesson)
    last_of_section = lessons[2]
    last_of_section.body = lesson_body(
        ("video", {"source": "youtube", "video": "dQw4w9WgXcQ", "title": "Why budgets fail", "duration": 212}),
        ("markdown", "Keep **every** slip."),
    )
    last_of_section.save()

    response = jwt_client(student).get(f"/api/lessons/{last_of_section.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["lesson_type"] == "video"
    assert (body["is_locked"], body["is_completed"]) == (False, True)
    assert (body["previous_lesson_id"], body["next_lesson_id"]) == (lessons[1].pk, lessons[3].pk)
    assert body["section"]["title"] == "Section 1" and body["course"] == {"id": course.pk, "title": "Budgeting basics"}
    assert body["order"] == 3
    video, markdown = body["content"]
    assert set(video) == {"id", "type", "value"} and video["type"] == "video" and video["id"]
    assert {k: video["value"][k] for k in ("video_type", "video_id", "duration")} == {
        "video_type": "youtube", "video_id": "dQw4w9WgXcQ", "duration": 212,
    }
    assert markdown["type"] == "markdown" and "<strong>every</strong>" in markdown["value"]["html"]


def test_first_and_last_lessons_have_no_previous_or_next(client_for, instructor, course):
    lessons = lessons_of(course)
    client = client_for(instructor)

    assert client.get(f"/api/lessons/{lessons[0].pk}/").json()["previous_lesson_id"] is None
    assert client.get(f"/api/lessons/{lessons[-1].pk}/").json()["next_lesson_id"] is None


def test_locked_lesson_answers_403_naming_the_missing_prerequisites(client_for, student, course):
    enrol(student, course)
    first, second = lessons_of(course)[:2]

    response = client_for(student).get(f"/api/lessons/{second.pk}/")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Complete first: Lesson 1.1",
        "code": "prerequisites",
        "missing_prerequisites": [{"id": first.pk, "title": "Lesson 1.1"}],
    }
    assert "content" not in response.json()


def test_lesson_of_a_course_the_student_has_not_joined_is_locked_until_they_enrol(client_for, student, course):
    first = lessons_of(course)[0]
    client = client_for(student)

    refused = client.get(f"/api/lessons/{first.pk}/")
    client.post(f"/api/courses/{course.pk}/enroll/")
    allowed = client.get(f"/api/lessons/{first.pk}/")

    assert refused.status_code == 403 and refused.json()["code"] == "not_enrolled"
    assert allowed.status_code == 200


def test_visitor_is_told_to_log_in_except_on_preview_lessons(client_for, db, course):
    first, second = lessons_of(course)[:2]
    first.is_preview = True
    first.save()

    assert client_for().get(f"/api/lessons/{first.pk}/").status_code == 200
    refused = client_for().get(f"/api/lessons/{second.pk}/")
    assert refused.status_code == 403 and refused.json()["code"] == "login"


@pytest.mark.parametrize("what", ["missing", "course", "section", "unpublished", "in_unpublished_section"])
def test_lesson_that_does_not_exist_is_not_found_everywhere(client_for, student, course, what):
    enrol(student, course)
    lessons = lessons_of(course)
    pk = {"missing": 999999, "course": course.pk, "section": lessons[0].get_parent().pk}.get(what, lessons[0].pk)
    if what == "unpublished":
        lessons[0].unpublish()
    elif what == "in_unpublished_section":
        lessons[0].get_parent().unpublish()  # the lesson itself stays live
    client = client_for(student)

    assert client.get(f"/api/lessons/{pk}/").status_code == 404
    assert client.put(f"/api/lessons/{pk}/progress/", {"time_spent": 10}, format="json").status_code == 404
    assert client.post(f"/api/lessons/{pk}/complete/").status_code == 404
    assert not LessonProgress.objects.exists()


def test_lessons_of_an_unpublished_course_are_hidden_even_from_its_students(client_for, student, course):
    enrol(student, course)
    course.unpublish()  # the lessons themselves stay live
    first = lessons_of(course)[0]

    assert client_for(student).get(f"/api/lessons/{first.pk}/").status_code == 404
    assert client_for(student).post(f"/api/lessons/{first.pk}/complete/").status_code == 404


def test_students_of_an_archived_course_keep_access(client_for, student, other_student, course):
    enrol(student, course)
    course.is_archived = True
    course.save()
    first = lessons_of(course)[0]

    assert client_for(student).get(f"/api/lessons/{first.pk}/").status_code == 200
    assert client_for(other_student).get(f"/api/lessons/{first.pk}/").status_code == 404


# --- progress heartbeat -----------------------------------------------------------------------


def test_heartbeat_adds_time_spent_on_an_open_lesson(client_for, student, course):
    enrol(student, course)
    first = lessons_of(course)[0]
    open_lesson_ago(student, first, 30)

    response = client_for(student).put(f"/api/lessons/{first.pk}/progress/", {"time_spent": 30}, format="json")

    assert response.status_code == 200
    assert response.json() == {"lesson_id": first.pk, "status": "in_progress", "time_spent": 30, "is_completed": False}


def test_heartbeat_credits_no_more_than_the_server_saw_pass(client_for, student, course):
    enrol(student, course)
    first = lessons_of(course)[0]
    client = client_for(student)
    url = f"/api/lessons/{first.pk}/progress/"

    client.get(f"/api/lessons/{first.pk}/")  # opens the lesson: the server's clock starts
    straight_away = client.put(url, {"time_spent": 100}, format="json").json()["time_spent"]
    assert straight_away <= HEARTBEAT_SLACK_SECONDS

    rewind_lesson(student, first, 40)
    later = client.put(url, {"time_spent": 3600}, format="json").json()["time_spent"]
    assert 40 <= later - straight_away <= 40 + HEARTBEAT_SLACK_SECONDS + 1


@pytest.mark.parametrize(
    "body",
    [{"time_spent": "abc"}, {"time_spent": -5}, {"time_spent": 10**12}, {"time_spent": 3601}, {"time_spent": None},
     {"time_spent": 1.5}, {"time_spent": True}, {"time_spent": [10]}, {}, {"seconds": 10}],
)
def test_heartbeat_with_a_bad_time_spent_is_refused_and_nothing_is_recorded(client_for, student, course, body):
    enrol(student, course)
    first = lessons_of(course)[0]

    response = client_for(student).put(f"/api/lessons/{first.pk}/progress/", body, format="json")

    assert response.status_code == 400
    assert "time_spent" in response.json()
    assert progress_rows(student) == []


def test_heartbeat_on_a_locked_lesson_is_refused_and_nothing_is_recorded(client_for, student, course):
    enrol(student, course)
    first, second = lessons_of(course)[:2]

    response = client_for(student).put(f"/api/lessons/{second.pk}/progress/", {"time_spent": 30}, format="json")

    assert response.status_code == 403
    assert response.json()["missing_prerequisites"] == [{"id": first.pk, "title": "Lesson 1.1"}]
    assert progress_rows(student) == []


def test_heartbeat_on_a_preview_lesson_needs_an_enrolment(client_for, student, course):
    first = lessons_of(course)[0]
    first.is_preview = True
    first.save()

    response = client_for(student).put(f"/api/lessons/{first.pk}/progress/", {"time_spent": 30}, format="json")

    assert response.status_code == 403 and response.json()["code"] == "not_enrolled"
    assert progress_rows(student) == []


# --- mark complete ----------------------------------------------------------------------------


def test_completing_a_lesson_updates_course_progress_and_opens_the_next_lesson(student, course):
    enrol(student, course)
    first, second = lessons_of(course)[:2]
    client = jwt_client(student)

    response = client.post(f"/api/lessons/{first.pk}/complete/")

    assert response.status_code == 200
    assert response.json() == {
        "lesson_id": first.pk, "is_completed": True, "course_progress": 16, "course_completed": False,
        "next_lesson_id": second.pk,
    }
    assert client.get(f"/api/lessons/{second.pk}/").status_code == 200
    assert client.get(f"/api/lessons/{first.pk}/").json()["is_completed"] is True


def test_completing_the_last_lesson_completes_the_course(client_for, student, course):
    enrolment, _ = enrol(student, course)
    lessons = lessons_of(course)
    for lesson in lessons[:-1]:
        complete_lesson(student, lesson)

    response = client_for(student).post(f"/api/lessons/{lessons[-1].pk}/complete/")

    assert response.json()["course_progress"] == 100 and response.json()["course_completed"] is True
    assert response.json()["next_lesson_id"] is None
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None and enrolment.progress == Decimal("100.00")


def test_completing_a_lesson_twice_is_fine_and_counts_once(client_for, student, course):
    enrolment, _ = enrol(student, course)
    first = lessons_of(course)[0]
    client = client_for(student)

    once = client.post(f"/api/lessons/{first.pk}/complete/")
    completed_at = LessonProgress.objects.get(user=student, lesson=first).completed_at
    twice = client.post(f"/api/lessons/{first.pk}/complete/")

    assert once.status_code == twice.status_code == 200
    assert once.json() == twice.json()
    assert LessonProgress.objects.filter(user=student).count() == 1
    assert LessonProgress.objects.get(user=student, lesson=first).completed_at == completed_at
    enrolment.refresh_from_db()
    assert enrolment.progress == Decimal("16.67")


def test_student_cannot_complete_a_locked_lesson(client_for, student, course):
    enrolment, _ = enrol(student, course)
    lessons = lessons_of(course)

    response = client_for(student).post(f"/api/lessons/{lessons[2].pk}/complete/")

    assert response.status_code == 403
    assert response.json()["code"] == "prerequisites"
    assert [m["id"] for m in response.json()["missing_prerequisites"]] == [lessons[1].pk]
    assert progress_rows(student) == []
    enrolment.refresh_from_db()
    assert enrolment.progress == 0 and enrolment.completed_at is None


def test_student_cannot_complete_a_lesson_of_a_course_they_have_not_joined(client_for, student, course):
    first = lessons_of(course)[0]
    first.is_preview = True
    first.save()

    for lesson in lessons_of(course)[:2]:
        response = client_for(student).post(f"/api/lessons/{lesson.pk}/complete/")
        assert response.status_code == 403 and response.json()["code"] == "not_enrolled"
    assert progress_rows(student) == []
