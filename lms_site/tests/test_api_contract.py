"""The API answers JSON in the shape its schema promises, refusals included (issue #7, item 5).

The fuzzer in CI (.ci/fuzz-api) checks every operation against /api/schema/; these tests pin the
cases it found, so a regression shows here first.
"""

import json

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from courses.api import CourseListCreateView
from tests.support import client_as, make_course
from tests.support.ai_tools import make_tool


@pytest.fixture
def schema(client, db):
    return yaml.safe_load(client.get("/api/schema/").content)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def test_every_operation_documents_its_refusals(schema):
    for method, path, operation in operations(schema):
        responses = operation["responses"]
        assert "401" in responses, (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        if "requestBody" in operation:
            assert {"400", "413", "415"} <= set(responses), (method, path)
        for status, answer in responses.items():
            if status >= "400":
                assert answer["content"]["application/json"]["schema"], (method, path, status)


def test_the_course_list_is_documented_as_a_page_of_courses_with_nullable_fields(schema):
    answer = schema["paths"]["/api/courses/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    page = schema["components"]["schemas"][answer["$ref"].rsplit("/", 1)[1]]
    assert {"count", "next", "previous", "results"} <= set(page["properties"])
    course = schema["components"]["schemas"]["Course"]["properties"]
    assert course["category"]["nullable"] is True
    assert course["thumbnail_url"]["nullable"] is True


def test_own_refusals_are_documented_where_they_happen(schema):
    assert "402" in schema["paths"]["/api/courses/{id}/enroll/"]["post"]["responses"]
    assert "403" in schema["paths"]["/api/lessons/{id}/"]["get"]["responses"]
    assert "429" in schema["paths"]["/api/auth/login/"]["post"]["responses"]
    assert "409" in schema["paths"]["/api/ai-tools/complete/"]["post"]["responses"]


@pytest.mark.parametrize("path", [
    "/api/courses/%C2%84/", "/api/courses/abc/sections/", "/api/lessons/null/", "/api/lessons/1.5/progress/",
    "/api/no-such-thing/", "/api/courses/99999999999999999999999/",
])
def test_api_paths_that_match_no_endpoint_answer_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_drf_refusals_carry_a_code(client, db):
    response = client.get("/api/me/enrollments/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided.", "code": "not_authenticated"}


def test_a_wrong_bearer_token_is_a_401_with_a_code(client, db):
    response = client.get("/api/courses/", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_the_api_answers_json_even_when_html_is_asked_for(client, db):
    response = client.get("/api/courses/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_an_unknown_content_type_is_a_415_in_json(student):
    response = client_as(student).post(
        "/api/auth/logout/", data="refresh=x", content_type="text/plain", HTTP_AUTHORIZATION="Bearer x"
    )
    # A wrong token is refused before the body is read; with a good session the body is then refused.
    assert response.status_code == 401
    client = Client(enforce_csrf_checks=False)
    client.force_login(student)
    response = client.post("/api/auth/logout/", data="refresh=x", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_body_over_the_limit_is_a_413_before_it_is_read(client, db, settings):
    settings.API_MAX_BODY_BYTES = 1024
    body = json.dumps({"email": "a@example.com", "password": "x" * 2000})
    response = client.post("/api/auth/login/", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_an_ai_tool_call_over_the_limit_keeps_its_refusal_flag(client, db, settings):
    settings.API_MAX_BODY_BYTES = 1024
    body = json.dumps({"token": "x" * 2000})
    response = client.post("/api/ai-tools/complete/", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["stored"] is False


def test_an_ai_tool_call_with_unreadable_json_keeps_its_refusal_flag(client, db):
    _, secret = make_tool()
    response = client.post(
        "/api/ai-tools/validate-token/", data="{", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 400
    assert response.json()["valid"] is False and response.json()["code"] == "parse_error"


def test_a_session_write_without_csrf_token_is_a_json_403(student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    for path in ("/api/auth/logout/", "/api/courses/null/"):  # an API view, and no view at all
        response = client.post(path, data="{}", content_type="application/json")
        assert response.status_code == 403, path
        assert response["Content-Type"] == "application/json", path
        assert response.json()["code"] in {"permission_denied", "csrf_failed"}, path


@pytest.mark.parametrize("query", [{"difficulty": "expert-ish"}, {"pricing_type": "gratis"}, {"category": "a b"},
                                   {"search": "x" * 201}])
def test_course_list_filters_that_can_match_nothing_by_their_form_are_a_400(client, db, query):
    response = client.get("/api/courses/", query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_a_page_past_the_end_is_a_json_404(client, db):
    response = client.get("/api/courses/", {"page": 9})
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_crash_inside_an_api_view_answers_json_500(db, monkeypatch, instructor):
    make_course(instructor)

    def crash(self, request):
        raise RuntimeError("boom")

    monkeypatch.setattr(CourseListCreateView, "get", crash)
    client = Client(raise_request_exception=False)
    response = client.get(reverse("api-courses"))
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on our side. Try again later.", "code": "server_error"}


def test_the_schema_generates_without_a_single_warning(tmp_path):
    """`make check-deploy` fails on any drf-spectacular warning (two names for one enum, an
    unresolvable serializer ...): the suite catches them first."""
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").read_text().startswith("openapi:")
