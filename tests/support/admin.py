"""Driving Wagtail's editor from tests: its form as a browser would post it, and signing in to it."""

import re

from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield


def editor_form_data(client, url, body=False):
    """The edit form of a page as its HTML carries it (optionally with a one-paragraph body)."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    if body:
        # The StreamField editor is drawn by JavaScript, so its fields are not in the HTML.
        data.update(nested_form_data({"body": streamfield([("rich_text", rich_text("<p>Read this.</p>"))])}))
    return data


def admin_login(page, url, email, password):
    """Sign in to the editor in a Playwright page and wait for its dashboard."""
    from playwright.sync_api import expect

    page.goto(url + "/admin/login/")
    page.get_by_label(re.compile("email", re.I)).fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
