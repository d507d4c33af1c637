"""The signed-in person is read from the cache (accounts.person_cache), and every change to them counts at once."""

import pickle

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import person_cache

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password-1"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def user_queries(captured):
    return [q for q in captured.captured_queries if 'FROM "accounts_user"' in q["sql"]]


def test_a_signed_in_page_reads_the_person_from_the_cache_after_the_first_request(student):
    client = signed_in(student)
    assert client.get("/dashboard/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/dashboard/").status_code == 200
    assert user_queries(captured) == []


def test_the_cached_person_carries_no_password_hash(student):
    signed_in(student).get("/dashboard/")
    stored = person_cache.cached_copy(student.pk)
    assert stored is not None and stored.email == student.email
    assert student.password not in pickle.dumps(stored).decode("latin-1")
    assert "password" not in stored.__dict__


def test_a_deactivated_person_is_signed_out_on_their_next_request(student):
    client = signed_in(student)
    assert client.get("/dashboard/").status_code == 200
    student.is_active = False
    student.save()
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_deactivated_persons_access_token_is_refused_at_once(student):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(student).access_token}")
    assert api.get("/api/me/notifications/").status_code == 200
    student.is_active = False
    student.save()
    assert api.get("/api/me/notifications/").status_code == 401


def test_a_password_changed_on_another_device_signs_this_one_out(student):
    student.set_password(PASSWORD)
    student.save()
    phone, laptop = Client(), Client()
    assert phone.login(email=student.email, password=PASSWORD)
    assert laptop.login(email=student.email, password=PASSWORD)
    assert phone.get("/dashboard/").status_code == 200  # the person is now cached
    response = laptop.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "another-long-password-2", "password2": "another-long-password-2",
    })
    assert response.status_code == 302
    assert laptop.get("/dashboard/").status_code == 200  # the device that changed it stays signed in
    assert phone.get("/dashboard/").status_code == 302  # the other one is signed out


def test_a_renamed_person_sees_their_new_name_on_the_next_page(student):
    client = signed_in(student)
    client.get("/accounts/profile/")
    student.first_name = "Thandeka"
    student.save()
    assert "Thandeka" in client.get("/accounts/profile/").content.decode()


def test_a_password_check_on_the_cached_person_reads_the_real_hash(student):
    student.set_password(PASSWORD)
    student.save()
    cached = person_cache.load(student.pk, lambda: type(student).objects.get(pk=student.pk))
    cached = person_cache.load(student.pk, lambda: None)  # now from the cache
    assert "password" not in cached.__dict__
    assert cached.check_password(PASSWORD)
    assert not cached.check_password("wrong-password-here")


def test_values_read_with_the_person_stay_in_their_request(student):
    from notifications.services import notify, unread_count

    client = signed_in(student)
    client.get("/dashboard/")  # the unread count (0) is cached and read with the person
    notify(student, "welcome")
    assert unread_count(student) == 1  # outside the request: never the request's copy
    assert "data-unread=\"1\"" in client.get("/dashboard/").content.decode()


def test_a_cached_copy_saved_whole_writes_back_only_what_changed(student):
    client = signed_in(student)
    assert client.get("/accounts/profile/").status_code == 200  # the person is cached, active
    type(student).objects.filter(pk=student.pk).update(is_active=False)  # not through save(): no signal
    client.post("/accounts/profile/", {"first_name": "Thandeka", "last_name": student.last_name,
                                       "timezone": "Africa/Johannesburg", "bio": ""})
    saved = type(student).objects.get(pk=student.pk)
    assert saved.first_name == "Thandeka"
    assert saved.is_active is False  # the cached copy's older is_active was not written back


def test_a_copy_cached_by_a_request_racing_the_change_is_never_served(student, django_capture_on_commit_callbacks):
    before = type(student).objects.get(pk=student.pk)
    with django_capture_on_commit_callbacks(execute=True):
        student.is_active = False
        student.save()
        # Another request reads the row as committed before this transaction and caches it.
        person_cache.load(student.pk, lambda: before)
    assert person_cache.cached_copy(student.pk) is None
    assert person_cache.load(student.pk, lambda: type(student).objects.get(pk=student.pk)).is_active is False


def test_wagtails_bulk_deactivation_signs_people_out_at_once(student, admin_client):
    client = signed_in(student)
    assert client.get("/dashboard/").status_code == 200  # cached, active
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(student).access_token}")
    assert api.get("/api/me/notifications/").status_code == 200
    response = admin_client.post(f"/admin/bulk/accounts/user/set_active_state/?id={student.pk}", {"mark_as_active": "False"})
    assert response.status_code == 302
    assert type(student).objects.get(pk=student.pk).is_active is False
    assert client.get("/dashboard/").status_code == 302
    assert api.get("/api/me/notifications/").status_code == 401
