"""The authentication API under /api/auth/: register, login, logout, token refresh, password reset."""

import re
from datetime import timedelta

import jwt
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.models import User
from tests.support import PASSWORD
from tests.support.commits import committed


@pytest.fixture(autouse=True)
def cheap_test_clients(settings):
    # Each new test client loads the middleware, and WhiteNoise then indexes every static file
    # (~50 ms). These tests fetch no static files, so let WhiteNoise look files up lazily instead.
    settings.WHITENOISE_AUTOREFRESH = True


NEW_PASSWORD = "a-brand-new-long-passphrase"
REGISTERED = (
    "We sent an email to this address: follow its link to verify it, then log in. "
    "If the address already has an account, the email says how to get into it."
)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth's and DRF's rate limits live in the (process-wide) cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def register(api, **overrides):
    body = {
        "email": "lindiwe@example.com", "password": "kettle-on-the-stoep-42", "first_name": "Lindiwe", "last_name": "Zulu",
    }
    body.update(overrides)
    with committed():  # the registration's commit sends the email
        return api.post("/api/auth/register/", body, format="json")


def login(api, email, password=PASSWORD):
    return api.post("/api/auth/login/", {"email": email, "password": password}, format="json")


def tokens_for(api, user):
    response = login(api, user.email)
    assert response.status_code == 200, response.content
    return response.json()


def bearer(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def link_in_last_email(pattern):
    assert mail.outbox, "no email was sent"
    match = re.search(pattern, mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match


# --- register ---------------------------------------------------------------------------------


def test_visitor_registers_as_an_unverified_student_and_gets_a_verification_email(api, db):
    response = register(api, email="Lindiwe@Example.com", timezone="Europe/London")

    assert response.status_code == 202
    # No id, names or timezone: the answer must read the same when the address is already taken.
    assert response.json() == {"detail": REGISTERED, "email": "lindiwe@example.com"}
    user = User.objects.get(email="lindiwe@example.com")
    assert user.check_password("kettle-on-the-stoep-42")
    assert (user.first_name, user.last_name, user.timezone) == ("Lindiwe", "Zulu", "Europe/London")
    assert list(user.groups.values_list("name", flat=True)) == [settings.STUDENTS_GROUP]
    assert EmailAddress.objects.get(user=user).verified is False
    assert mail.outbox[-1].to == ["lindiwe@example.com"]
    assert "/accounts/confirm-email/" in mail.outbox[-1].body


def test_registering_a_taken_email_answers_as_a_new_one_and_only_tells_the_owner_by_email(api, student):
    fresh = register(api, email="someone.new@example.com")
    mail.outbox.clear()

    taken = register(api, email="THANDI@example.com", first_name="Mallory", last_name="Probe")

    # An attacker cannot tell the two apart: same status, same body with only the echoed address differing.
    assert (taken.status_code, fresh.status_code) == (202, 202)
    assert taken.json() == {**fresh.json(), "email": "thandi@example.com"}
    assert User.objects.filter(email__iexact="thandi@example.com").count() == 1
    student.refresh_from_db()
    assert (student.first_name, student.check_password(PASSWORD)) == ("Thandi", True)
    # The owner learns someone tried, and how to get back in (allauth's "account already exists" email).
    assert [message.to for message in mail.outbox] == [["thandi@example.com"]]
    assert mail.outbox[0].subject == "You already have a Leerhuis account"
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_registering_a_taken_email_hashes_the_password_as_a_new_account_does(api, student, monkeypatch):
    from django.contrib.auth.hashers import MD5PasswordHasher

    encoded = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(MD5PasswordHasher, "encode", lambda self, *args: encoded.append(1) or original(self, *args))

    register(api, email="someone.new@example.com")
    hashes_for_new = len(encoded)
    register(api, email="thandi@example.com")

    assert hashes_for_new >= 1
    assert len(encoded) - hashes_for_new == hashes_for_new


def test_with_enumeration_prevention_turned_off_a_taken_email_is_refused_as_on_the_web_form(api, student, settings):
    settings.ACCOUNT_PREVENT_ENUMERATION = False

    response = register(api, email="thandi@example.com")

    assert response.status_code == 400 and response.json()["email"]
    assert mail.outbox == []


def test_a_double_submit_that_loses_the_race_to_the_address_gets_the_same_answer(api, student, monkeypatch):
    # Both requests passed the "is it taken?" look-up; the second then meets the unique email.
    from allauth.account.internal.flows import manage_email

    monkeypatch.setattr(manage_email, "email_already_exists", lambda email, *args, **kwargs: (email, False))

    response = register(api, email="thandi@example.com")

    assert response.status_code == 202
    assert response.json() == {"detail": REGISTERED, "email": "thandi@example.com"}
    assert User.objects.filter(email__iexact="thandi@example.com").count() == 1


@pytest.mark.parametrize("password", ["short1", "password123", "12345678901", "lindiwe-zulu"])
def test_registering_with_a_weak_password_is_refused_and_nothing_is_created(api, db, password):
    response = register(api, password=password)

    assert response.status_code == 400
    assert response.json()["password"]
    assert not User.objects.filter(email="lindiwe@example.com").exists()
    assert mail.outbox == []


def test_registering_with_an_unknown_timezone_is_refused(api, db):
    response = register(api, timezone="Mars/Olympus_Mons")

    assert response.status_code == 400
    assert "time zone" in response.json()["timezone"][0]
    assert not User.objects.exists()


@pytest.mark.parametrize("missing", ["email", "password", "first_name", "last_name"])
def test_registering_without_a_required_field_names_the_field(api, db, missing):
    body = {"email": "lindiwe@example.com", "password": "kettle-on-the-stoep-42", "first_name": "L", "last_name": "Z"}
    del body[missing]

    response = api.post("/api/auth/register/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [missing]
    assert not User.objects.exists()


def test_registering_with_wrong_json_types_is_refused(api, db):
    response = register(api, email=["lindiwe@example.com"], first_name={"a": 1})

    assert response.status_code == 400
    assert not User.objects.exists()


# --- login ------------------------------------------------------------------------------------


def test_login_is_refused_until_the_email_address_is_verified(api, db):
    register(api)

    refused = login(api, "lindiwe@example.com", "kettle-on-the-stoep-42")

    assert refused.status_code == 403
    assert refused.json()["code"] == "email_not_verified"
    assert "access" not in refused.json() and "refresh" not in refused.json()

    # Following the emailed link (a confirmation form, POSTed) verifies the address.
    link = link_in_last_email(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)").group(1)
    assert Client().post(link).status_code == 302
    accepted = login(api, "lindiwe@example.com", "kettle-on-the-stoep-42")

    assert accepted.status_code == 200
    assert accepted.json()["access"] and accepted.json()["refresh"]


def test_verified_student_logs_in_with_email_in_any_case_and_gets_a_working_token_pair(api, student):
    response = login(api, "Thandi@EXAMPLE.com")

    assert response.status_code == 200
    body = response.json()
    assert body["user"] == {
        "id": student.pk, "email": "thandi@example.com", "first_name": "Thandi", "last_name": "Nkosi",
        "timezone": "Africa/Johannesburg",
    }
    assert bearer(body["access"]).get("/api/me/enrollments/").status_code == 200


@pytest.mark.parametrize(
    "email,password", [("thandi@example.com", "wrong-password-entirely"), ("nobody@example.com", PASSWORD)]
)
def test_login_with_a_wrong_password_or_unknown_email_is_refused_with_the_same_answer(api, student, email, password):
    response = login(api, email, password)

    assert response.status_code == 401
    assert response.json() == {"detail": "Email or password is wrong.", "code": "invalid_credentials"}


def test_deactivated_account_cannot_log_in(api, student):
    student.is_active = False
    student.save()

    assert login(api, student.email).status_code == 401


# --- tokens -----------------------------------------------------------------------------------


def test_expired_access_token_is_refused(student):
    token = AccessToken.for_user(student)
    token.set_exp(from_time=timezone.now() - timedelta(hours=2), lifetime=timedelta(minutes=5))

    response = bearer(str(token)).get("/api/me/enrollments/")

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_forged_access_token_is_refused(student, other_student):
    genuine = AccessToken.for_user(other_student)
    payload = dict(genuine.payload, user_id=str(student.pk))
    forged = jwt.encode(payload, "an-attackers-own-signing-key-of-64-characters-which-is-not-ours!", algorithm="HS256")
    unsigned = jwt.encode(payload, None, algorithm="none")

    for token in (forged, unsigned, "not.a.token"):
        response = bearer(token).get("/api/me/enrollments/")
        assert response.status_code == 401, token


def test_refresh_returns_a_new_pair_and_the_old_refresh_token_stops_working(api, student):
    pair = tokens_for(api, student)

    refreshed = api.post("/api/auth/token/refresh/", {"refresh": pair["refresh"]}, format="json")

    assert refreshed.status_code == 200
    assert refreshed.json()["refresh"] != pair["refresh"]
    assert bearer(refreshed.json()["access"]).get("/api/me/enrollments/").status_code == 200
    replay = api.post("/api/auth/token/refresh/", {"refresh": pair["refresh"]}, format="json")
    assert replay.status_code == 401


def test_an_access_token_cannot_be_used_as_a_refresh_token(api, student):
    pair = tokens_for(api, student)

    response = api.post("/api/auth/token/refresh/", {"refresh": pair["access"]}, format="json")

    assert response.status_code == 401


# --- logout -----------------------------------------------------------------------------------


def test_logout_blacklists_the_refresh_token(api, student):
    pair = tokens_for(api, student)

    response = bearer(pair["access"]).post("/api/auth/logout/", {"refresh": pair["refresh"]}, format="json")

    assert response.status_code == 205
    assert api.post("/api/auth/token/refresh/", {"refresh": pair["refresh"]}, format="json").status_code == 401


def test_logout_works_with_a_session_too(student):
    client = APIClient()
    client.force_login(student)
    refresh = str(RefreshToken.for_user(student))

    assert client.post("/api/auth/logout/", {"refresh": refresh}, format="json").status_code == 205
    assert APIClient().post("/api/auth/token/refresh/", {"refresh": refresh}, format="json").status_code == 401


def test_logout_with_someone_elses_refresh_token_is_refused_and_their_token_keeps_working(api, student, other_student):
    mine = tokens_for(api, student)
    theirs = tokens_for(api, other_student)

    response = bearer(mine["access"]).post("/api/auth/logout/", {"refresh": theirs["refresh"]}, format="json")

    assert response.status_code == 403
    assert api.post("/api/auth/token/refresh/", {"refresh": theirs["refresh"]}, format="json").status_code == 200


@pytest.mark.parametrize("body", [{}, {"refresh": ""}, {"refresh": 12345}, {"refresh": "garbage"}])
def test_logout_without_a_usable_refresh_token_is_a_bad_request(api, student, body):
    pair = tokens_for(api, student)

    response = bearer(pair["access"]).post("/api/auth/logout/", body, format="json")

    assert response.status_code == 400
    # The real refresh token was not touched.
    assert api.post("/api/auth/token/refresh/", {"refresh": pair["refresh"]}, format="json").status_code == 200


def test_anonymous_logout_is_refused(api, student):
    refresh = str(RefreshToken.for_user(student))

    assert api.post("/api/auth/logout/", {"refresh": refresh}, format="json").status_code == 401
    assert api.post("/api/auth/token/refresh/", {"refresh": refresh}, format="json").status_code == 200


# --- password reset ---------------------------------------------------------------------------


def request_reset(api, email):
    with committed():
        response = api.post("/api/auth/password-reset/", {"email": email}, format="json")
    assert response.status_code == 200
    return response


def reset_link_parts():
    """The emailed link ends in /password/reset/key/<uid>-<token>/; the API takes the two parts."""
    match = link_in_last_email(r"/accounts/password/reset/key/([0-9a-z]+)-([^/\s]+)/")
    return match.group(1), match.group(2)


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(api, student):
    known = request_reset(api, "thandi@example.com")
    unknown = request_reset(api, "nobody@example.com")

    assert known.json() == unknown.json()
    assert [m.to for m in mail.outbox] == [["thandi@example.com"], ["nobody@example.com"]]


def test_password_reset_with_an_invalid_email_is_a_bad_request(api, db):
    response = api.post("/api/auth/password-reset/", {"email": "not-an-email"}, format="json")

    assert response.status_code == 400
    assert mail.outbox == []


def test_password_reset_confirm_sets_the_new_password_and_signs_out_other_devices(api, student):
    old_pair = tokens_for(api, student)
    request_reset(api, student.email)
    uid, token = reset_link_parts()

    response = api.post(
        "/api/auth/password-reset-confirm/", {"uid": uid, "token": token, "new_password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert login(api, student.email, PASSWORD).status_code == 401
    assert login(api, student.email, NEW_PASSWORD).status_code == 200
    assert api.post("/api/auth/token/refresh/", {"refresh": old_pair["refresh"]}, format="json").status_code == 401
    # The link works once.
    again = api.post(
        "/api/auth/password-reset-confirm/", {"uid": uid, "token": token, "new_password": "yet-another-passphrase"},
        format="json",
    )
    assert again.status_code == 400
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("tamper", ["token", "uid", "missing"])
def test_password_reset_confirm_with_a_bad_token_is_refused_and_the_password_is_unchanged(
    api, student, other_student, tamper
):
    request_reset(api, student.email)
    uid, token = reset_link_parts()
    body = {"uid": uid, "token": token, "new_password": NEW_PASSWORD}
    if tamper == "token":
        body["token"] = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    elif tamper == "uid":
        from allauth.account.utils import user_pk_to_url_str

        body["uid"] = user_pk_to_url_str(other_student)  # a valid token for someone else's account
    else:
        del body["token"]

    response = api.post("/api/auth/password-reset-confirm/", body, format="json")

    assert response.status_code == 400
    if tamper == "missing":
        assert response.json() == {"token": ["This field is required."]}
    else:
        assert response.json()["code"] == "invalid_token"
    student.refresh_from_db()
    other_student.refresh_from_db()
    assert student.check_password(PASSWORD) and other_student.check_password(PASSWORD)


def test_password_reset_confirm_with_a_weak_password_is_refused_and_the_link_still_works(api, student):
    request_reset(api, student.email)
    uid, token = reset_link_parts()

    weak = api.post(
        "/api/auth/password-reset-confirm/", {"uid": uid, "token": token, "new_password": "123"}, format="json"
    )

    assert weak.status_code == 400
    assert weak.json()["new_password"]
    student.refresh_from_db()
    assert student.check_password(PASSWORD)
    strong = api.post(
        "/api/auth/password-reset-confirm/", {"uid": uid, "token": token, "new_password": NEW_PASSWORD}, format="json"
    )
    assert strong.status_code == 200


# --- session auth and CSRF --------------------------------------------------------------------


def test_session_authenticated_api_writes_need_the_csrf_token(student, course):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(student)

    refused = client.post(f"/api/courses/{course.pk}/enroll/")

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not student.enrolments.exists()


def test_schema_and_docs_are_served(api, db):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in [
        "/api/auth/register/", "/api/auth/login/", "/api/auth/logout/", "/api/auth/password-reset/",
        "/api/auth/password-reset-confirm/", "/api/auth/token/refresh/", "/api/courses/", "/api/courses/{id}/",
        "/api/courses/{id}/sections/", "/api/courses/{id}/enroll/", "/api/me/enrollments/", "/api/lessons/{id}/",
        "/api/lessons/{id}/progress/", "/api/lessons/{id}/complete/",
    ]:
        assert path in paths, path
    assert not any(not p.startswith("/api/") for p in paths)
    assert api.get("/api/docs/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, problem",
    [
        ({"token": "0", "new_password": "0"}, "uid"),  # no uid at all: a field error naming it
        ({"uid": "0", "token": "0", "new_password": "x"}, "code"),  # a uid that names nobody
    ],
)
def test_a_reset_confirmation_without_a_known_uid_is_a_400_not_a_server_error(body, problem):
    from rest_framework.test import APIClient

    response = APIClient().post("/api/auth/password-reset-confirm/", body, format="multipart")
    assert response.status_code == 400
    assert problem in response.json()
    if problem == "code":
        assert response.json()["code"] == "invalid_token"
