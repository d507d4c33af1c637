"""Password guessing through the API meets the same per-account limit as the web form.

ACCOUNT_RATE_LIMITS["login_failed"] allows 5 failures per account in 5 minutes. Changing
X-Forwarded-For per request does not help: with NUM_PROXIES = 0 the address is REMOTE_ADDR,
and the per-account count does not depend on the address at all.
"""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.support import PASSWORD

LOGIN = "/api/auth/login/"


@pytest.fixture(autouse=True)
def no_api_throttle_in_the_way(monkeypatch):
    # The DRF "auth" throttle is a separate, per-address limit; this test is about the account.
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "auth": "10000/min"})


def attempt(email, password, n):
    return APIClient().post(LOGIN, {"email": email, "password": password}, format="json",
                            HTTP_X_FORWARDED_FOR=f"203.0.113.{n % 250}, 10.0.0.{n % 250}")


def test_100_guesses_from_100_forwarded_addresses_lock_the_account(student):
    answers = [attempt(student.email, f"wrong-{n}", n).status_code for n in range(100)]
    assert answers[:5] == [401] * 5 and set(answers[5:]) == {429}
    right = attempt(student.email, PASSWORD, 100)
    assert right.status_code == 429 and right.json()["code"] == "too_many_attempts" and "Retry-After" in right
    cache.clear()  # the lock ends (5 minutes pass)
    assert attempt(student.email, PASSWORD, 101).status_code == 200


def test_the_web_form_and_the_api_share_the_count(client, student):
    for n in range(3):
        attempt(student.email, f"wrong-{n}", n)
    for n in range(2):
        client.post("/accounts/login/", {"login": student.email, "password": f"web-wrong-{n}"})
    assert attempt(student.email, PASSWORD, 9).status_code == 429


def test_another_account_is_not_locked_by_guesses_at_this_one(student, other_student):
    for n in range(6):
        attempt(student.email, f"wrong-{n}", n)
    assert attempt(student.email, PASSWORD, 6).status_code == 429
    assert attempt(other_student.email, PASSWORD, 11).status_code == 200  # (the per-address limit is 10 a minute)


def test_password_reset_requests_for_one_address_are_limited(student, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [APIClient().post("/api/auth/password-reset/", {"email": student.email}, format="json",
                                    HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(20)]
    assert answers[:5] == [200] * 5 and set(answers[5:]) == {429}
    assert len(mailoutbox) == 5
