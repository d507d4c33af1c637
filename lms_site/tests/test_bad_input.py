"""Inputs the fuzzer found answering 500: each answers a clear 4xx now, or just works."""

import pytest

from tests.support import client_as, make_course

DEEP = "[" * 5000 + "]" * 5000
FORTY_DEEP = '{"a": ' * 40 + "1" + "}" * 40


@pytest.fixture
def money_course(instructor, category):
    return make_course(instructor, title="Budgeting basics", category=category, sections=1, lessons_per_section=1)


@pytest.mark.parametrize("url", [
    "/api/courses/?search=budget&category=money",
    "/courses/?q=budget&category=money",
])
def test_search_with_a_category_filter_finds_the_course(client, money_course, url):
    response = client.get(url)
    assert response.status_code == 200 and b"Budgeting basics" in response.content


@pytest.mark.parametrize("text", ['"', '"budget', 'a"b"c', "budget*", "NOT AND OR", "(budget", "budget:"])
def test_search_text_with_quotes_or_operators_is_searched_as_words(client, money_course, text):
    api = client.get("/api/courses/", {"search": text})
    page = client.get("/courses/", {"q": text})
    assert api.status_code == 200 and page.status_code == 200
    if "budget" in text:
        assert [c["title"] for c in api.json()["results"]] == ["Budgeting basics"]


def test_an_unknown_category_finds_nothing(client, money_course):
    assert client.get("/api/courses/", {"category": "no-such"}).json()["results"] == []


@pytest.mark.parametrize("body", [DEEP, FORTY_DEEP])
@pytest.mark.parametrize("path", ["/api/auth/login/", "/api/auth/register/", "/api/xapi/statements/"])
def test_deeply_nested_json_is_a_400_on_every_endpoint(client, student, path, body):
    response = client_as(student).post(path, body, content_type="application/json")
    assert response.status_code == 400, response.content[:200]
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize("body", [DEEP, FORTY_DEEP])
def test_deeply_nested_json_from_an_ai_tool_is_a_400_once_its_secret_is_checked(db, body):
    from rest_framework.test import APIClient

    from tests.support.ai_tools import make_tool

    _, secret = make_tool()
    response = APIClient().post("/api/ai-tools/complete/", body, content_type="application/json",
                                HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 400 and "nested" in response.json()["detail"]


@pytest.mark.parametrize("body", [
    {"token": "0", "new_password": "0"},  # no uid (found by the fuzzer: allauth's form crashed)
    {"uid": "", "token": "", "new_password": ""},
    {"uid": "zz", "token": "x" * 500, "new_password": "long enough password"},
])
def test_password_reset_confirm_with_missing_or_odd_fields_is_a_400(client, db, body):
    for encode in ("multipart", "json"):
        if encode == "json":
            response = client.post("/api/auth/password-reset-confirm/", body, content_type="application/json")
        else:
            response = client.post("/api/auth/password-reset-confirm/", body)
        assert response.status_code == 400, (encode, response.content)
