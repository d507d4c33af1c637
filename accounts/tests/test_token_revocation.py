"""Refresh tokens die with the password that earned them, with the account, and after the chain's life."""

import time

import pytest
from rest_framework.test import APIClient

from accounts.tokens import CHAIN_CLAIM, issue_tokens
from tests.support import PASSWORD

REFRESH = "/api/auth/token/refresh/"


def login(user):
    response = APIClient().post("/api/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    return response.json()["refresh"]


def refreshes(token):
    return APIClient().post(REFRESH, {"refresh": token}, format="json").status_code


def test_a_web_password_change_signs_out_every_device(client, student):
    phone, laptop = login(student), login(student)
    client.force_login(student)
    response = client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "a-new-long-passphrase-42", "password2": "a-new-long-passphrase-42",
    })
    assert response.status_code == 302
    assert refreshes(phone) == 401 and refreshes(laptop) == 401
    # The new password signs in again and its token works.
    fresh = APIClient().post("/api/auth/login/", {"email": student.email, "password": "a-new-long-passphrase-42"},
                             format="json").json()["refresh"]
    assert refreshes(fresh) == 200


def test_deactivating_an_account_revokes_its_tokens(student):
    token = login(student)
    student.is_active = False
    student.save()
    assert refreshes(token) == 401


def test_saving_a_profile_leaves_tokens_alone(student):
    token = login(student)
    student.bio = "I teach maths in Soweto."
    student.save()
    assert refreshes(token) == 200


def test_rotation_keeps_the_chain_start_and_an_old_chain_is_refused(student, settings):
    settings.REFRESH_CHAIN_MAX_DAYS = 30
    first = issue_tokens(student)
    rotated = APIClient().post(REFRESH, {"refresh": str(first)}, format="json").json()["refresh"]
    from rest_framework_simplejwt.tokens import RefreshToken

    assert RefreshToken(rotated)[CHAIN_CLAIM] == first[CHAIN_CLAIM]

    old = issue_tokens(student)
    old[CHAIN_CLAIM] = int(time.time()) - 31 * 24 * 3600
    response = APIClient().post(REFRESH, {"refresh": str(old)}, format="json")
    assert response.status_code == 401 and "Log in again" in response.json()["detail"]


@pytest.mark.parametrize("token", ["", "not-a-token", "a.b.c"])
def test_malformed_refresh_tokens_are_refused_cleanly(db, token):
    assert refreshes(token) in (400, 401)
