"""Sign-up, email verification, login and the profile page, as a person uses them."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from tests.support import PASSWORD
from tests.support.commits import committed

pytestmark = pytest.mark.django_db


def signup(client, email="lerato@example.com", password="a-long-and-unusual-passphrase", **extra):
    data = {"email": email, "password1": password, "password2": password, "first_name": "Lerato", "last_name": "Mokoena"}
    data.update(extra)
    with committed():  # the sign-up's commit sends the email
        return client.post("/accounts/signup/", data)


def test_roles_exist_on_a_fresh_database():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Students", "Instructors", "Moderators"}


def test_signup_sends_a_verification_email_and_login_waits_for_it(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="lerato@example.com")
    assert user.first_name == "Lerato" and user.groups.filter(name="Students").exists()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[0].body).group(0)

    client.logout()
    response = client.post("/accounts/login/", {"login": "lerato@example.com", "password": "a-long-and-unusual-passphrase"})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert not client.get("/dashboard/").wsgi_request.user.is_authenticated

    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="lerato@example.com").verified
    assert client.get("/dashboard/").status_code == 200


def test_duplicate_email_creates_no_second_account_and_tells_the_owner(client, student):
    # allauth prevents account enumeration: the form looks accepted, the real owner gets an email.
    response = signup(client, email=student.email.upper())
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=student.email).count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [student.email]
    assert "already" in mail.outbox[0].body.lower()


def test_weak_password_is_refused(client):
    response = signup(client, password="password")
    assert response.status_code == 200
    assert not User.objects.filter(email="lerato@example.com").exists()


def test_auth_pages_use_the_site_layout_with_labelled_fields(client):
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        html = client.get(url).content.decode()
        assert 'class="site-header"' in html, url
        for field_id in re.findall(r'<input[^>]+id="(id_[a-z0-9_]+)"', html):
            assert f'for="{field_id}"' in html, (url, field_id)


def test_profile_edits_own_details(client, student):
    client.force_login(student)
    response = client.post(
        "/accounts/profile/",
        {"first_name": "Thandeka", "last_name": "Nkosi", "timezone": "Europe/London", "bio": "Accountant in Durban"},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.first_name, student.timezone, student.bio) == ("Thandeka", "Europe/London", "Accountant in Durban")


def test_profile_refuses_an_unknown_timezone(client, student):
    client.force_login(student)
    response = client.post("/accounts/profile/", {"first_name": "T", "last_name": "N", "timezone": "Mars/Olympus"})
    assert response.status_code == 200
    assert "not a known time zone" in response.content.decode()
    student.refresh_from_db()
    assert student.timezone == "Africa/Johannesburg"


def test_profile_refuses_a_file_that_is_not_a_picture(client, student):
    client.force_login(student)
    fake = SimpleUploadedFile("me.png", b"#!/bin/sh\necho not an image", content_type="image/png")
    response = client.post(
        "/accounts/profile/", {"first_name": "T", "last_name": "N", "timezone": "Africa/Johannesburg", "avatar": fake}
    )
    assert response.status_code == 200
    student.refresh_from_db()
    assert not student.avatar


def test_profile_needs_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_password_change_page_works_for_a_signed_in_user(client, student):
    client.force_login(student)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "another-long-passphrase-42", "password2": "another-long-passphrase-42"},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password("another-long-passphrase-42")


def test_repeated_wrong_passwords_are_rate_limited(client, db):
    from tests.support import make_user

    make_user("limited@example.com")
    pages = [
        client.post("/accounts/login/", {"login": "limited@example.com", "password": "wrong-guess"}).content.decode()
        for _ in range(6)
    ]
    assert "Too many failed login attempts" not in pages[0]
    assert "Too many failed login attempts" in pages[-1]
    # Even the right password waits out the limit.
    response = client.post("/accounts/login/", {"login": "limited@example.com", "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
