"""Log in, sign up, "check your email", password reset and change: the site's own words and emails."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.models import User
from tests.support import PASSWORD
from tests.support.commits import committed

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase"


def signup(client, email="lerato@example.com"):
    with committed():  # the sign-up's commit sends the email
        return client.post("/accounts/signup/", {
            "email": email, "first_name": "Lerato", "last_name": "Mokoena", "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        })


def send_again(client):
    with committed():
        return client.post("/accounts/verify-email/send-again/", follow=True)


def reset(client, email):
    with committed():
        return client.post("/accounts/password/reset/", {"email": email}, follow=True)


def heading(html):
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


def main_of(html):
    return html[html.index("<main"):html.index("</main>")]


@pytest.mark.parametrize("url, title, button", [
    ("/accounts/login/", "Log in", "Log in"),
    ("/accounts/signup/", "Sign up", "Sign up"),
    ("/accounts/password/reset/", "Reset your password", "Email me a link"),
])
def test_account_pages_use_the_sites_headings_and_words(client, url, title, button):
    html = client.get(url).content.decode()
    assert heading(html) == title and f"<title>{title} · Leerhuis</title>" in html
    assert f'<button class="btn btn-primary" type="submit">{button}</button>' in main_of(html)
    for allauth_words in ("Sign In", "Sign Up", "Signup", "sign in", "Password Reset", "Remember Me"):
        assert allauth_words not in main_of(html), (url, allauth_words)


def test_login_page_offers_sign_up_and_a_forgotten_password_link(client):
    html = main_of(client.get("/accounts/login/").content.decode())
    assert 'href="/accounts/signup/"' in html and 'href="/accounts/password/reset/"' in html
    assert "Keep me logged in on this device" in html


def test_signing_up_ends_on_check_your_email_naming_the_address(client):
    response = signup(client)
    assert response["Location"] == "/accounts/confirm-email/"
    html = client.get(response["Location"]).content.decode()
    assert heading(html) == "Check your email"
    assert "We sent a link to <strong>lerato@example.com</strong>." in html
    assert 'action="/accounts/verify-email/send-again/"' in html and "Send the link again" in html


def test_send_again_waits_three_minutes_then_sends_a_fresh_link(client):
    signup(client)
    assert len(mail.outbox) == 1

    too_soon = send_again(client)
    assert too_soon.redirect_chain[-1][0] == "/accounts/confirm-email/"
    assert "less than three minutes ago" in too_soon.content.decode() and len(mail.outbox) == 1

    cache.clear()  # allauth's limit ("confirm_email": one per address per three minutes) has passed
    again = send_again(client)
    assert "We sent a new link to lerato@example.com." in again.content.decode()
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["lerato@example.com"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[1].body).group(0)
    assert client.post("/" + link.split("/", 3)[3]).status_code == 302
    assert client.get("/dashboard/").status_code == 200  # confirmed and logged in


def test_send_again_for_an_address_that_already_has_an_account_looks_the_same(client, student):
    signup(client, email=student.email)
    cache.clear()
    html = send_again(client).content.decode()
    assert f"We sent a new link to {student.email}." in html
    assert [m.subject for m in mail.outbox] == ["You already have a Leerhuis account"] * 2


def test_send_again_without_a_pending_sign_up_asks_to_log_in(client):
    response = client.post("/accounts/verify-email/send-again/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "Log in with your email address and password, and we will email you a new link." in response.content.decode()
    assert client.get("/accounts/verify-email/send-again/").status_code == 405


def branded(message, name, url):
    """The email carries the platform's name and a branded HTML twin, never the request's host:port as a name."""
    html = dict((mime, body) for body, mime in message.alternatives)["text/html"]
    assert name in message.subject and "[" not in message.subject and "testserver" not in message.subject
    assert message.body.rstrip().endswith(f"{name}\n{url}")
    assert "testserver" not in message.body.replace("http://testserver/", "")  # only inside the links
    assert f'<span class="mark">{name[0]}</span>{name}</a>' in html and 'class="button"' in html
    return html


def test_verification_email_is_branded_html_and_text_with_the_platform_name(client, settings):
    settings.WAGTAIL_SITE_NAME = "Kennisplek"
    settings.SITE_URL = "https://learn.example.co.za"
    signup(client)
    message = mail.outbox[0]
    assert message.subject == "Confirm your email address for Kennisplek"
    assert message.body.startswith("Hi Lerato,\n\nWelcome to Kennisplek!")
    html = branded(message, "Kennisplek", "https://learn.example.co.za")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    assert f'href="{link}"' in html and "Confirm my email address" in html


def test_password_reset_email_is_branded_and_its_link_ends_on_password_changed(client, student, settings):
    settings.WAGTAIL_SITE_NAME = "Kennisplek"
    response = reset(client, student.email)
    assert heading(response.content.decode()) == "Check your email"
    message = mail.outbox[0]
    assert message.subject == "Choose a new password for Kennisplek"
    html = branded(message, "Kennisplek", settings.SITE_URL)
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.body).group(0)
    assert f'href="{link}"' in html

    form = client.get(link, follow=True)
    assert heading(form.content.decode()) == "Choose a new password"
    done = client.post(form.redirect_chain[-1][0], {"password1": "another-long-passphrase-42",
                                                    "password2": "another-long-passphrase-42"}, follow=True)
    assert heading(done.content.decode()) == "Password changed"
    student.refresh_from_db()
    assert student.check_password("another-long-passphrase-42")


def test_a_used_reset_link_says_so_and_offers_a_new_one(client):
    html = client.get("/accounts/password/reset/key/1-set-password/").content.decode()
    assert heading(html) == "This link no longer works" and 'href="/accounts/password/reset/"' in html


def test_reset_for_an_unknown_address_sends_a_branded_email_to_that_address_only(client, db, settings):
    reset(client, "nobody@example.com")
    message = mail.outbox[0]
    assert message.to == ["nobody@example.com"] and message.subject == "No Leerhuis account uses this address"
    branded(message, "Leerhuis", settings.SITE_URL)


def test_password_change_ends_on_the_profile_with_a_confirmation(client, student):
    client.force_login(student)
    page = client.get("/accounts/password/change/").content.decode()
    assert heading(page) == "Change your password"
    for label in ("Current password", "New password", "New password again"):
        assert f">{label}</label>" in page
    response = client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "another-long-passphrase-42", "password2": "another-long-passphrase-42",
    }, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/profile/"
    assert "Your password is changed. You stay logged in here; other devices were logged out." in response.content.decode()


def test_logging_in_greets_by_first_name(client, student):
    response = client.post("/accounts/login/", {"login": student.email, "password": PASSWORD}, follow=True)
    assert "Hello Thandi, you are logged in." in response.content.decode()
    assert User.objects.get(pk=student.pk).last_login is not None
