"""notify(): HTML and text email in the site's look, queued on commit, retried, recorded; the bell and its API."""

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Notification, SentEmail
from notifications.services import mark_read, notify, set_optional_emails
from tests.support import client_as
from tests.support.smtp import FlakySMTP

pytestmark = pytest.mark.django_db


def test_an_email_goes_out_as_html_and_text_after_commit_and_is_recorded(student, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(student, "enrolled", {"course_title": "Budgeting basics"}, url="/courses/budgeting-basics/")
        assert mail.outbox == []  # nothing leaves before the commit
    [message] = mail.outbox
    assert message.to == ["thandi@example.com"] and message.subject == "You are enrolled in Budgeting basics"
    assert "Hi Thandi" in message.body and "http://127.0.0.1:8000/courses/budgeting-basics/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "<strong>Budgeting basics</strong>" in html and "Leerhuis" in html
    row = SentEmail.objects.get()
    assert (row.status, row.attempts, row.to, row.kind) == ("sent", 1, "thandi@example.com", "enrolled")
    assert row.sent_at is not None


def test_a_rolled_back_request_sends_no_email_and_leaves_no_notice(student, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(student, "enrolled", {"course_title": "Budgeting basics"})
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass
    assert mail.outbox == [] and not Notification.objects.exists() and not SentEmail.objects.exists()


def test_the_same_event_notifies_once(student, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(student, "certificate_issued", {"course_title": "X", "code": "C"}, key="certificate:1")
        second = notify(student, "certificate_issued", {"course_title": "X", "code": "C"}, key="certificate:1")
    assert first is not None and second is None
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


def test_a_person_who_turned_off_optional_emails_gets_only_essential_ones(student, django_capture_on_commit_callbacks):
    set_optional_emails(student, False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(student, "enrolled", {"course_title": "Budgeting basics"})
        notify(student, "certificate_issued", {"course_title": "Budgeting basics", "code": "ABCD"}, key="c:1")
    assert [m.subject for m in mail.outbox] == ["Your certificate for Budgeting basics"]
    assert set(SentEmail.objects.values_list("kind", "status")) == {("enrolled", "skipped"), ("certificate_issued", "sent")}
    assert Notification.objects.count() == 2  # the bell still shows both


def test_the_profile_page_turns_optional_emails_off(student):
    client = client_as(student)
    assert 'id="optional_emails" name="optional_emails" checked' in client.get("/accounts/profile/").content.decode()
    response = client.post("/notifications/email-choices/", {})
    assert response.status_code == 302
    assert 'name="optional_emails" checked' not in client.get("/accounts/profile/").content.decode()


def test_a_failed_send_is_retried_with_backoff_and_recorded(student, flaky, django_capture_on_commit_callbacks):
    FlakySMTP.failures = 2
    with django_capture_on_commit_callbacks(execute=True):
        notify(student, "enrolled", {"course_title": "Budgeting basics"})
    assert len(FlakySMTP.sent) == 1
    assert flaky == [30, 60]  # waits grow between tries
    row = SentEmail.objects.get()
    assert (row.status, row.attempts) == ("sent", 3)


def test_an_email_that_never_goes_is_recorded_as_failed(student, flaky, django_capture_on_commit_callbacks):
    FlakySMTP.failures = 100
    with django_capture_on_commit_callbacks(execute=True):
        notify(student, "enrolled", {"course_title": "Budgeting basics"})
    row = SentEmail.objects.get()
    assert row.status == "failed" and row.attempts == 6 and "SMTPServerDisconnected" in row.error
    assert FlakySMTP.sent == []


def test_emails_go_on_the_emails_queue():
    from lms_site.celery import app

    assert app.amqp.router.route({}, "notifications.tasks.deliver_email")["queue"].name == "emails"
    assert app.amqp.router.route({}, "enrolment.tasks.issue_certificate")["queue"].name == "pdf"


# --- the bell, the list, the API --------------------------------------------------------------


def test_the_bell_shows_the_unread_count_and_the_list_marks_read(student):
    notice = notify(student, "enrolled", {"course_title": "Budgeting basics"}, url="/dashboard/", email=False)
    notify(student, "welcome", {}, email=False)
    client = client_as(student)
    assert 'data-unread="2"' in client.get("/dashboard/").content.decode()
    page = client.get("/notifications/").content.decode()
    assert "You are enrolled in Budgeting basics" in page and "2 unread" in page
    response = client.post(f"/notifications/{notice.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert 'data-unread="1"' in client.get("/dashboard/").content.decode()
    client.post("/notifications/read/")
    assert "data-unread" not in client.get("/dashboard/").content.decode()


def test_a_notice_link_never_leaves_the_site(student):
    notice = notify(student, "enrolled", {"course_title": "X"}, url="https://evil.example/", email=False)
    response = client_as(student).post(f"/notifications/{notice.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_nobody_opens_or_reads_another_persons_notices(student, other_student, instructor, other_instructor):
    notice = notify(student, "enrolled", {"course_title": "Budgeting basics"}, email=False)
    for user in (other_student, instructor, other_instructor):
        assert client_as(user).post(f"/notifications/{notice.pk}/open/").status_code == 404
        assert "Budgeting basics" not in client_as(user).get("/notifications/").content.decode()
        body = client_as(user).post("/api/me/notifications/read/", {"ids": [notice.pk]}, format="json").json()
        assert body["marked"] == 0
    assert not Notification.objects.get(pk=notice.pk).is_read
    anonymous = client_as(None).get("/notifications/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_api_lists_my_notifications_with_the_unread_count(student, other_student, client_for):
    notify(other_student, "welcome", {}, email=False)
    first = notify(student, "enrolled", {"course_title": "Budgeting basics"}, url="/dashboard/", email=False)
    notify(student, "welcome", {}, email=False)
    body = client_for(student).get("/api/me/notifications/").json()
    assert body["count"] == 2 and body["unread_count"] == 2
    assert [n["kind"] for n in body["results"]] == ["welcome", "enrolled"]
    assert body["results"][1]["url"] == "http://127.0.0.1:8000/dashboard/" and body["results"][1]["is_read"] is False
    marked = client_for(student).post("/api/me/notifications/read/", {"ids": [first.pk]}, format="json").json()
    assert marked == {"marked": 1, "unread_count": 1}
    assert client_for(student).post("/api/me/notifications/read/", {"all": True}, format="json").json()["unread_count"] == 0


def test_api_refuses_bad_input_clearly(student, client_for):
    client = client_for(student)
    assert client.post("/api/me/notifications/read/", {}, format="json").status_code == 400
    assert client.post("/api/me/notifications/read/", {"ids": ["x"]}, format="json").status_code == 400
    assert client.post("/api/me/notifications/read/", {"ids": [2**70]}, format="json").status_code == 400
    assert client.put("/api/me/email-preferences/", {"optional_emails": "maybe"}, format="json").status_code == 400
    assert client.get("/api/me/notifications/?page=99").status_code == 404


def test_api_needs_a_signed_in_user(client_for):
    for method, path in [("get", "/api/me/notifications/"), ("post", "/api/me/notifications/read/"),
                         ("get", "/api/me/email-preferences/")]:
        assert getattr(client_for(None), method)(path).status_code == 401


def test_api_email_choice_round_trip(student, client_for):
    client = client_for(student)
    assert client.get("/api/me/email-preferences/").json() == {"optional_emails": True}
    assert client.put("/api/me/email-preferences/", {"optional_emails": False}, format="json").json() == {
        "optional_emails": False}
    assert client.get("/api/me/email-preferences/").json() == {"optional_emails": False}


def test_admins_see_what_was_sent(student, admin_user, instructor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(student, "enrolled", {"course_title": "Budgeting basics"})
    listing = client_as(admin_user).get("/admin/sent_emails/")
    assert listing.status_code == 200 and "You are enrolled in Budgeting basics" in listing.content.decode()
    assert client_as(instructor).get("/admin/sent_emails/").status_code in (302, 403)
