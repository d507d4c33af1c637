"""AI tools: secrets, launch tokens, the two tool endpoints, the block on the page, the admin, the example tool."""

import json
import re
import time
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.support import lessons_of
from tests.support.ai_tools import ai_block, make_tool
from courses import ai_tools
from courses.ai_tools import (
    AIToolError,
    authenticate_tool,
    hash_secret,
    issue_launch_token,
    set_new_secret,
    verify_launch_token,
)
from courses.models import AITool
from enrolment.models import AIToolSession, BlockProgress, Enrolment, LessonProgress
from enrolment.services import enrol

VALIDATE = "/api/ai-tools/validate-token/"
COMPLETE = "/api/ai-tools/complete/"
BLOCK = "ai1"


@pytest.fixture(autouse=True)
def cheap_test_clients(settings):
    settings.WHITENOISE_AUTOREFRESH = True  # see test_permission_matrix: no static index per client


@pytest.fixture
def tool(db):
    return make_tool()


@pytest.fixture
def lesson(course, tool):
    """The course's first lesson (no prerequisites) whose only requirement is the AI tool block."""
    lesson = lessons_of(course)[0]
    lesson.body = [{"type": "rich_text", "value": "<p>Think about saving.</p>", "id": "t1"}, ai_block(tool[0])]
    lesson.save()
    return lesson


@pytest.fixture
def enrolled(student, course):
    enrol(student, course)
    return student


def post(path, body, secret=None, client=None):
    client = client or APIClient()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret is not None else {}
    return client.post(path, body, format="json", **headers)


def claims_of(token):
    return jwt.decode(token, options={"verify_signature": False})


def craft(claims, key=None):
    """A token signed like ours (or with another key), with exactly these claims."""
    return jwt.encode(claims, key or ai_tools.derived_key("jwt"), algorithm="HS256")


def stored_nothing():
    return AIToolSession.objects.count() == 0 and not BlockProgress.objects.filter(block_type="ai_tool").exists()


# --- secrets ------------------------------------------------------------------------------------

def test_a_new_secret_is_random_and_only_its_hash_and_hint_are_kept(db):
    tool = AITool(name="T", launch_url="https://t.example.org/", allowed_origin="https://t.example.org")
    secret = set_new_secret(tool)
    tool.save()
    assert len(secret) >= 43 and secret != set_new_secret(AITool())
    tool.refresh_from_db()
    assert tool.secret_hash == hash_secret(secret) and tool.secret_hash.startswith("sha256$")
    assert secret not in tool.secret_hash and tool.secret_hint == secret[-4:]
    assert ai_tools.check_secret(tool, secret) and not ai_tools.check_secret(tool, secret[:-1] + "x")


def test_authenticate_tool_reads_the_bearer_secret(tool):
    tool, secret = tool
    assert authenticate_tool(f"Bearer {secret}") == tool
    for header, code in [("", "missing_secret"), (secret, "missing_secret"), ("Basic abc", "missing_secret"),
                         ("Bearer wrong", "invalid_secret"), ("Bearer " + "x" * 300, "invalid_secret")]:
        with pytest.raises(AIToolError) as error:
            authenticate_tool(header)
        assert (error.value.code, error.value.status) == (code, 401)
    tool.is_enabled = False
    tool.save()
    with pytest.raises(AIToolError) as error:
        authenticate_tool(f"Bearer {secret}")
    assert (error.value.code, error.value.status) == ("tool_disabled", 403)


# --- launch tokens ------------------------------------------------------------------------------

def test_launch_token_claims(enrolled, other_student, lesson, tool):
    tool, _ = tool
    other_tool, _ = make_tool("Other", origin="https://other.example.org")
    before = int(time.time())
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, '{"budget": 1000}')
    claims = claims_of(token)
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    assert set(claims) == {"sub", "usr", "lesson", "block", "tool", "params", "iat", "exp", "cmp", "jti"}
    assert (claims["lesson"], claims["block"], claims["tool"], claims["params"]) == (lesson.pk, BLOCK, tool.pk, {"budget": 1000})
    assert before <= claims["iat"] <= before + 2
    assert claims["exp"] - claims["iat"] == 15 * 60 and claims["cmp"] - claims["iat"] == 2 * 3600
    assert re.fullmatch(r"[0-9a-f]{32}", claims["jti"])
    # Pseudonymous: stable per student and tool, different per tool and per student, no personal data.
    again = claims_of(issue_launch_token(enrolled, lesson, BLOCK, tool, "{}"))
    assert again["sub"] == claims["sub"] and again["jti"] != claims["jti"]
    assert claims_of(issue_launch_token(enrolled, lesson, BLOCK, other_tool, "{}"))["sub"] != claims["sub"]
    assert claims_of(issue_launch_token(other_student, lesson, BLOCK, tool, "{}"))["sub"] != claims["sub"]
    readable = json.dumps(claims)
    for personal in (enrolled.email, enrolled.first_name, enrolled.last_name):
        assert personal not in readable
    # The user reference is encrypted: not the id in clear, and different in every token.
    assert claims["usr"] != str(enrolled.pk) and again["usr"] != claims["usr"]
    assert ai_tools.user_for(claims) == enrolled


def test_verify_launch_token_refuses_expired_forged_malformed_and_other_tools(enrolled, lesson, tool):
    tool, _ = tool
    other_tool, _ = make_tool("Other", origin="https://other.example.org")
    good = claims_of(issue_launch_token(enrolled, lesson, BLOCK, tool, "{}"))
    assert verify_launch_token(craft(good), tool)["jti"] == good["jti"]
    now = int(time.time())
    cases = [
        (craft({**good, "iat": now - 3600, "exp": now - 60}), "token_expired", 401),
        (craft(good, key=b"k" * 32), "token_invalid", 401),
        (craft({**good, "tool": other_tool.pk}, key=b"k" * 32), "token_invalid", 401),
        (jwt.encode(good, None, algorithm="none"), "token_invalid", 401),
        ("not-a-token", "token_malformed", 400),
        (craft({k: v for k, v in good.items() if k != "usr"}), "token_malformed", 400),
        (craft({**good, "lesson": str(lesson.pk)}), "token_malformed", 400),
        ("", "token_missing", 400),
        (None, "token_missing", 400),
    ]
    for token, code, status in cases:
        with pytest.raises(AIToolError) as error:
            verify_launch_token(token, tool)
        assert (error.value.code, error.value.status) == (code, status), token
    with pytest.raises(AIToolError) as error:
        verify_launch_token(craft(good), other_tool)
    assert (error.value.code, error.value.status) == ("wrong_tool", 403)
    # Completing: allowed after `exp` until `cmp`, not after.
    late = craft({**good, "iat": now - 3600, "exp": now - 60, "cmp": now + 60})
    assert verify_launch_token(late, tool, purpose="complete")
    with pytest.raises(AIToolError) as error:
        verify_launch_token(craft({**good, "iat": now - 9000, "exp": now - 8000, "cmp": now - 1}), tool, purpose="complete")
    assert error.value.code == "token_expired"


def test_a_tampered_token_cannot_be_repointed_to_another_student(enrolled, other_student, course, lesson, tool):
    tool, _ = tool
    enrol(other_student, course)
    mine = issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")
    theirs = claims_of(issue_launch_token(other_student, lesson, BLOCK, tool, "{}"))
    header, payload, signature = mine.split(".")
    swapped = {**claims_of(mine), "usr": theirs["usr"], "sub": theirs["sub"]}
    forged_payload = jwt.utils.base64url_encode(json.dumps(swapped).encode()).decode()
    with pytest.raises(AIToolError) as error:
        verify_launch_token(f"{header}.{forged_payload}.{signature}", tool)
    assert error.value.code == "token_invalid"


# --- validate-token -----------------------------------------------------------------------------

def test_validate_token_tells_the_tool_the_first_name_and_params_only(enrolled, lesson, tool):
    tool, secret = tool
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, '{"budget": 1000}')
    response = post(VALIDATE, {"token": token}, secret)
    assert response.status_code == 200, response.content
    claims = claims_of(token)
    assert response.json() == {
        "valid": True,
        "student": {"id": claims["sub"], "first_name": "Thandi"},
        "params": {"budget": 1000},
        "lesson_id": lesson.pk,
        "block_id": BLOCK,
        "expires_at": datetime.fromtimestamp(claims["exp"], UTC).isoformat().replace("+00:00", "Z"),
        "complete_by": datetime.fromtimestamp(claims["cmp"], UTC).isoformat().replace("+00:00", "Z"),
    }
    body = response.content.decode()
    assert enrolled.email not in body and "Nkosi" not in body
    assert stored_nothing()  # validating records nothing


def test_validate_token_refusals(enrolled, lesson, tool):
    tool, secret = tool
    other_tool, other_secret = make_tool("Other", origin="https://other.example.org")
    disabled_tool, disabled_secret = make_tool("Off", enabled=False, origin="https://off.example.org")
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")
    claims = claims_of(token)
    now = int(time.time())
    cases = [
        ({"token": token}, None, 401, "missing_secret"),
        ({"token": token}, "not-the-secret", 401, "invalid_secret"),
        ({"token": token}, other_secret, 403, "wrong_tool"),
        ({"token": issue_launch_token(enrolled, lesson, BLOCK, disabled_tool, "{}")}, disabled_secret, 403, "tool_disabled"),
        ({"token": craft({**claims, "iat": now - 1000, "exp": now - 100})}, secret, 401, "token_expired"),
        ({"token": craft(claims, key=b"x" * 32)}, secret, 401, "token_invalid"),
        ({"token": "abc.def.ghi"}, secret, 400, "token_malformed"),
        ({}, secret, 400, "token_missing"),
    ]
    for body, key, status, code in cases:
        response = post(VALIDATE, body, key)
        assert (response.status_code, response.json().get("code"), response.json().get("valid")) == (status, code, False), (body, key)
        assert response.json()["detail"]


def test_validate_token_for_a_deleted_user_is_refused(enrolled, lesson, tool):
    tool, secret = tool
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")
    enrolled.is_active = False
    enrolled.save()
    response = post(VALIDATE, {"token": token}, secret)
    assert (response.status_code, response.json()["code"]) == (401, "token_invalid")


# --- complete -----------------------------------------------------------------------------------

def test_complete_stores_a_session_satisfies_the_block_and_completes_the_lesson(enrolled, lesson, tool):
    tool, secret = tool
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")
    response = post(COMPLETE, {"token": token, "score": 85.5, "time_spent": 120, "data": {"saved": 200}}, secret)
    assert response.status_code == 200, response.content
    assert response.json() == {"stored": True, "is_satisfied": True, "best_score": 85.5, "lesson_completed": True}
    session = AIToolSession.objects.get()
    assert (session.user, session.lesson_id, session.block_id, session.tool, session.token_id) == (
        enrolled, lesson.pk, BLOCK, tool, claims_of(token)["jti"])
    assert (session.score, session.time_spent_seconds, session.data) == (Decimal("85.50"), 120, {"saved": 200})
    row = BlockProgress.objects.get(user=enrolled, lesson=lesson, block_id=BLOCK)
    assert row.is_satisfied and row.score == Decimal("85.50") and row.block_type == "ai_tool"
    assert LessonProgress.objects.get(user=enrolled, lesson=lesson).status == LessonProgress.Status.COMPLETED


def test_complete_keeps_the_best_score_and_needs_no_score(enrolled, lesson, tool):
    tool, secret = tool
    for score in (60, 40, None, 80):
        body = {"token": issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")}
        if score is not None:
            body["score"] = score
        assert post(COMPLETE, body, secret).status_code == 200
    assert AIToolSession.objects.count() == 4
    assert BlockProgress.objects.get(user=enrolled, block_id=BLOCK).score == Decimal("80")


def test_a_replayed_token_answers_409_and_stores_nothing_new(enrolled, lesson, tool):
    tool, secret = tool
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")
    assert post(COMPLETE, {"token": token, "score": 50}, secret).status_code == 200
    replay = post(COMPLETE, {"token": token, "score": 100}, secret)
    assert (replay.status_code, replay.json()["code"], replay.json()["stored"]) == (409, "token_used", False)
    assert AIToolSession.objects.count() == 1
    assert BlockProgress.objects.get(user=enrolled, block_id=BLOCK).score == Decimal("50")


def test_a_token_completes_only_for_the_student_it_was_issued_to(enrolled, other_student, course, lesson, tool):
    tool, secret = tool
    enrol(other_student, course)
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")
    other_sub = claims_of(issue_launch_token(other_student, lesson, BLOCK, tool, "{}"))["sub"]
    # Whatever the body says about a student, the signed token decides.
    response = post(COMPLETE, {"token": token, "student": other_sub, "user": other_student.pk, "sub": other_sub}, secret)
    assert response.status_code == 200
    assert list(AIToolSession.objects.values_list("user", flat=True)) == [enrolled.pk]
    assert not BlockProgress.objects.filter(user=other_student).exists()
    assert not LessonProgress.objects.filter(user=other_student, status=LessonProgress.Status.COMPLETED).exists()


def test_complete_refusals_store_nothing(enrolled, lesson, tool):
    tool, secret = tool
    other_tool, other_secret = make_tool("Other", origin="https://other.example.org")
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")
    claims = claims_of(token)
    now = int(time.time())
    cases = [
        ({"token": token}, None, 401, "missing_secret"),
        ({"token": token}, "guess", 401, "invalid_secret"),
        ({"token": token}, other_secret, 403, "wrong_tool"),
        ({"token": craft({**claims, "iat": now - 9000, "exp": now - 8000, "cmp": now - 10})}, secret, 401, "token_expired"),
        ({"token": craft(claims, key=b"y" * 32)}, secret, 401, "token_invalid"),
        ({"token": "garbage"}, secret, 400, "token_malformed"),
        ({"token": craft({**claims, "block": "nope"})}, secret, 400, "unknown_block"),
        ({"token": craft({**claims, "lesson": 999999})}, secret, 404, "not_found"),
        ({"token": token, "score": 101}, secret, 400, "invalid"),
        ({"token": token, "score": -1}, secret, 400, "invalid"),
        ({"token": token, "score": "90"}, secret, 400, "invalid"),
        ({"token": token, "score": True}, secret, 400, "invalid"),
        ({"token": token, "time_spent": -5}, secret, 400, "invalid"),
        ({"token": token, "time_spent": 1.5}, secret, 400, "invalid"),
        ({"token": token, "data": [1, 2]}, secret, 400, "invalid"),
        ({"token": token, "data": {"x": "y" * 20000}}, secret, 400, "invalid"),
    ]
    for body, key, status, code in cases:
        response = post(COMPLETE, body, key)
        assert (response.status_code, response.json().get("code"), response.json().get("stored")) == (status, code, False), body
        assert stored_nothing(), body
    tool.is_enabled = False
    tool.save()
    response = post(COMPLETE, {"token": token}, secret)
    assert (response.status_code, response.json()["code"]) == (403, "tool_disabled")
    assert stored_nothing()
    assert not LessonProgress.objects.filter(status=LessonProgress.Status.COMPLETED).exists()


def test_complete_refused_when_the_block_uses_another_tool(enrolled, lesson, tool):
    tool, secret = tool
    other_tool, other_secret = make_tool("Other", origin="https://other.example.org")
    # A token for the other tool, pointing at a block that uses the first tool.
    token = issue_launch_token(enrolled, lesson, BLOCK, other_tool, "{}")
    response = post(COMPLETE, {"token": token}, other_secret)
    assert (response.status_code, response.json()["code"]) == (403, "wrong_tool")
    assert stored_nothing()


def test_complete_refused_for_a_student_not_enrolled(student, lesson, tool):
    tool, secret = tool
    token = issue_launch_token(student, lesson, BLOCK, tool, "{}")  # e.g. a token kept after unenrolling
    response = post(COMPLETE, {"token": token, "score": 100}, secret)
    assert (response.status_code, response.json()["code"]) == (403, "not_enrolled")
    assert stored_nothing()


def test_complete_refused_after_the_enrolment_ends(enrolled, course, lesson, tool):
    tool, secret = tool
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")
    Enrolment.objects.filter(user=enrolled, course=course).update(status=Enrolment.Status.CANCELLED)
    response = post(COMPLETE, {"token": token}, secret)
    assert response.status_code == 403
    assert stored_nothing()


def test_complete_refused_for_a_locked_lesson(enrolled, course, tool):
    tool, secret = tool
    locked = lessons_of(course)[1]  # requires lesson 1.1, which is not complete
    locked.body = [ai_block(tool)]
    locked.save()
    token = issue_launch_token(enrolled, locked, BLOCK, tool, "{}")
    response = post(COMPLETE, {"token": token}, secret)
    assert response.status_code == 403 and response.json()["code"] != "invalid_secret"
    assert stored_nothing()
    assert not LessonProgress.objects.filter(lesson=locked, status=LessonProgress.Status.COMPLETED).exists()


def test_a_token_may_report_after_the_launch_expiry_within_the_completion_window(enrolled, lesson, tool):
    tool, secret = tool
    now = int(time.time())
    claims = {**claims_of(issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")), "iat": now - 3000, "exp": now - 2100}
    token = craft(claims)
    assert post(VALIDATE, {"token": token}, secret).status_code == 401  # too late to launch
    assert post(COMPLETE, {"token": token, "score": 70}, secret).status_code == 200  # still fine to report


def test_the_endpoints_need_no_csrf_token_and_ignore_browser_sessions(enrolled, lesson, tool):
    tool, secret = tool
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(enrolled)
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")
    # The student's own session is not a tool: without the secret nothing is stored.
    response = post(COMPLETE, {"token": token, "score": 100}, client=browser)
    assert (response.status_code, response.json()["code"]) == (401, "missing_secret")
    assert stored_nothing()
    # The tool's server has no session and no CSRF cookie, and needs neither.
    server = APIClient(enforce_csrf_checks=True)
    assert post(COMPLETE, {"token": token}, secret, client=server).status_code == 200


def test_complete_permission_matrix(student, other_student, instructor, other_instructor, moderator, admin_user,
                                    course, other_course, lesson, tool):
    """A token issued to each role for the lesson: only the enrolled student's completion is stored."""
    tool, secret = tool
    enrol(student, course)
    enrol(other_student, other_course)
    people = {
        "other_student": other_student, "other_instructor": other_instructor, "owner": instructor,
        "moderator": moderator, "admin": admin_user, "enrolled_student": student,
    }
    answers = {}
    for role, user in people.items():
        response = post(COMPLETE, {"token": issue_launch_token(user, lesson, BLOCK, tool, "{}")}, secret)
        answers[role] = response.status_code
    assert answers == {
        "other_student": 403, "other_instructor": 403, "owner": 403, "moderator": 403, "admin": 403,
        "enrolled_student": 200,
    }
    assert list(AIToolSession.objects.values_list("user", flat=True)) == [student.pk]


# --- the block on the lesson page ---------------------------------------------------------------

def iframe_src(html):
    match = re.search(r'<iframe class="embed-frame ai-tool-frame" src="([^"]+)"', html)
    return match.group(1).replace("&amp;", "&") if match else None


def test_enrolled_student_gets_a_sandboxed_frame_with_a_fresh_token(enrolled, lesson, tool):
    tool, secret = tool
    client = Client()
    client.force_login(enrolled)
    response = client.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 200
    src = iframe_src(html)
    assert src and src.startswith(tool.launch_url + "?token=")
    token = parse_qs(urlsplit(src).query)["token"][0]
    claims = verify_launch_token(token, tool)
    assert ai_tools.user_for(claims) == enrolled and (claims["lesson"], claims["block"]) == (lesson.pk, BLOCK)
    assert 'sandbox="allow-scripts allow-forms allow-same-origin"' in html
    assert 'loading="lazy"' in html and 'height="520"' in html and 'title="Plan your budget (Budget coach)"' in html
    assert f'data-tool-origin="{tool.allowed_origin}"' in html
    assert "/static/js/ai-tool.js" in html and "Finish the activity to complete this lesson." in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline scripts"
    # Each page view gets its own token.
    assert iframe_src(client.get(lesson.url).content.decode()) != src


def test_the_block_shows_done_once_the_tool_reported(enrolled, lesson, tool):
    tool, secret = tool
    post(COMPLETE, {"token": issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")}, secret)
    client = Client()
    client.force_login(enrolled)
    html = client.get(lesson.url).content.decode()
    assert re.search(r'class="block-status is-done" data-ai-tool-status[^>]*>\s*Done ✓', html)


def test_who_gets_a_launch_token_on_the_lesson_page(student, other_student, instructor, other_instructor, moderator,
                                                    admin_user, course, other_course, lesson, tool):
    tool, _ = tool
    lesson.is_preview = True  # so that everyone may open the page; using the tool is another matter
    lesson.save()
    enrol(student, course)
    enrol(other_student, other_course)
    people = {
        "anonymous": None, "other_student": other_student, "other_instructor": other_instructor, "owner": instructor,
        "moderator": moderator, "admin": admin_user, "enrolled_student": student,
    }
    seen = {}
    for role, user in people.items():
        client = Client()
        if user:
            client.force_login(user)
        html = client.get(lesson.url).content.decode()
        src = iframe_src(html)
        if src:
            claims = verify_launch_token(parse_qs(urlsplit(src).query)["token"][0], tool)
            assert ai_tools.user_for(claims) == user
        seen[role] = "frame" if src else ("enrol" if "Enrol in the course to use" in html else "login")
        if role in ("owner", "moderator", "admin"):
            assert "Preview: course staff can try the activity" in html
    assert seen == {
        "anonymous": "login", "other_student": "enrol", "other_instructor": "enrol", "owner": "frame",
        "moderator": "frame", "admin": "frame", "enrolled_student": "frame",
    }


def test_a_disabled_tool_is_not_launched(enrolled, lesson, tool):
    tool, _ = tool
    tool.is_enabled = False
    tool.save()
    client = Client()
    client.force_login(enrolled)
    html = client.get(lesson.url).content.decode()
    assert iframe_src(html) is None and "This activity is not available right now." in html


def test_block_params_must_be_a_json_object(tool):
    from wagtail.blocks import StructBlockValidationError

    from courses.ai_tools.blocks import AIToolBlock

    block = AIToolBlock()
    tool, _ = tool
    for params in ("[1, 2]", "{not json"):
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({"tool": tool.pk, "title": "T", "params": params, "required_for_completion": True, "height": 520}))


# --- admin --------------------------------------------------------------------------------------

ADD_URL = "/admin/snippets/courses/aitool/add/"
LIST_URL = "/admin/snippets/courses/aitool/"


def admin_form(**extra):
    return {"name": "Essay helper", "launch_url": "https://essay.example.org/launch",
            "allowed_origin": "https://essay.example.org", "is_enabled": "on", **extra}


def test_admin_creates_a_tool_and_sees_the_secret_exactly_once(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.post(ADD_URL, admin_form())
    assert response.status_code == 200, response.content[:500]
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    secret = re.search(r'<textarea id="ai-tool-secret"[^>]*>([^<]+)</textarea>', html).group(1)
    assert "Copy this secret now" in html and len(secret) >= 43
    tool = AITool.objects.get(name="Essay helper")
    assert tool.secret_hash == hash_secret(secret) and tool.secret_hint == secret[-4:]
    # Nowhere in the database in clear: not the tool's columns, not sessions (messages), not the audit log.
    row = AITool.objects.filter(pk=tool.pk).values().get()
    assert all(secret not in str(value) for value in row.values())
    assert all(secret not in session.session_data for session in Session.objects.all())
    from wagtail.models import ModelLogEntry

    assert all(secret not in json.dumps(entry.data) for entry in ModelLogEntry.objects.all())
    assert all(secret not in str(cookie.value) for cookie in response.cookies.values())
    # Never shown again.
    edit_url = f"/admin/snippets/courses/aitool/edit/{tool.pk}/"
    for url in (LIST_URL, edit_url):
        page = client.get(url).content.decode()
        assert secret not in page
    assert f"…{tool.secret_hint}" in client.get(edit_url).content.decode()
    # And it works for the tool's API calls.
    assert authenticate_tool(f"Bearer {secret}") == tool


def test_admin_regenerates_the_secret(admin_user, tool):
    tool, old_secret = tool
    client = Client()
    client.force_login(admin_user)
    edit_url = f"/admin/snippets/courses/aitool/edit/{tool.pk}/"
    form = {"name": tool.name, "launch_url": tool.launch_url, "allowed_origin": tool.allowed_origin, "is_enabled": "on"}
    plain_save = client.post(edit_url, form)
    assert plain_save.status_code == 302  # an ordinary save keeps the secret and shows nothing
    tool.refresh_from_db()
    assert tool.secret_hash == hash_secret(old_secret)
    response = client.post(edit_url, {**form, "regenerate_secret": "on"})
    assert response.status_code == 200
    new_secret = re.search(r'<textarea id="ai-tool-secret"[^>]*>([^<]+)</textarea>', response.content.decode()).group(1)
    tool.refresh_from_db()
    assert new_secret != old_secret and tool.secret_hash == hash_secret(new_secret)
    with pytest.raises(AIToolError):
        authenticate_tool(f"Bearer {old_secret}")
    assert authenticate_tool(f"Bearer {new_secret}") == tool
    assert new_secret not in client.get(edit_url).content.decode()


def test_the_registry_is_for_admins_and_moderators_only(admin_user, moderator, instructor, student, tool):
    tool, _ = tool
    for user, allowed in ((admin_user, True), (moderator, True), (instructor, False)):
        client = Client()
        client.force_login(user)
        listing = client.get(LIST_URL)
        assert (listing.status_code == 200) is allowed, (user, listing.status_code)
        created = client.post(ADD_URL, admin_form(name=f"Tool by {user.email}"))
        assert AITool.objects.filter(name=f"Tool by {user.email}").exists() is allowed
        if not allowed:
            assert created.status_code in (302, 403)
    # Instructors still pick registered tools in the lesson editor's chooser.
    client = Client()
    client.force_login(instructor)
    chooser = client.get(reverse("wagtailsnippetchoosers_courses_aitool:choose"))
    assert chooser.status_code == 200 and tool.name in chooser.content.decode()
    client.force_login(student)
    assert client.get(LIST_URL).status_code in (302, 403)


# --- the example tool ---------------------------------------------------------------------------

class RoutedRequests:
    """Stands in for `lms_site.outbound.post_json` in the example tool: the call reaches our API in-process."""

    def __init__(self):
        self.calls = []

    def __call__(self, url, payload, headers=None, timeout=None):
        from lms_site.outbound import Answer

        self.calls.append((urlsplit(url).path, payload))
        response = APIClient().post(
            urlsplit(url).path, payload, format="json", HTTP_AUTHORIZATION=(headers or {}).get("Authorization", ""),
        )
        return Answer(response.status_code, response.json())


@pytest.fixture
def example_tool(monkeypatch, settings):
    from example_ai_tool import views
    from example_ai_tool.setup import ensure_example_tool

    settings.EXAMPLE_AI_TOOL_SECRET = "example-secret-for-tests-0123456789abcdefghij"
    settings.EXAMPLE_AI_TOOL_LMS_URL = "http://testserver"
    routed = RoutedRequests()
    monkeypatch.setattr(views, "post_json", routed)
    return ensure_example_tool("http://testserver"), routed


def test_ensure_example_tool_is_idempotent_and_keeps_an_admins_choice(db, settings):
    from example_ai_tool.setup import ensure_example_tool

    settings.EXAMPLE_AI_TOOL_SECRET = "a-known-secret-abcdefghijklmnopqrstuvwxyz"
    tool = ensure_example_tool("https://learn.example.org/")
    assert (tool.name, tool.launch_url, tool.allowed_origin) == (
        "Budget coach", "https://learn.example.org/example-ai-tool/", "https://learn.example.org")
    assert tool.secret_hash == hash_secret("a-known-secret-abcdefghijklmnopqrstuvwxyz") and tool.is_enabled
    AITool.objects.filter(pk=tool.pk).update(is_enabled=False)
    again = ensure_example_tool("https://learn.example.org")
    assert again.pk == tool.pk and AITool.objects.count() == 1 and not again.is_enabled


def test_example_tool_validates_then_completes_over_the_api(enrolled, course, example_tool):
    tool, routed = example_tool
    lesson = lessons_of(course)[0]
    lesson.body = [ai_block(tool, params='{"budget": 1000, "target_percent": 20}')]
    lesson.save()
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, '{"budget": 1000, "target_percent": 20}')
    browser = Client(enforce_csrf_checks=True)  # the tool's frame has no cookies of ours
    page = browser.get("/example-ai-tool/", {"token": token})
    html = page.content.decode()
    assert page.status_code == 200 and "Hi Thandi!" in html and "how much of R1000 would you save?" in html
    assert page["X-Frame-Options"] == "SAMEORIGIN" and page["Referrer-Policy"] == "no-referrer"
    assert routed.calls[-1] == ("/api/ai-tools/validate-token/", {"token": token})
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert stored_nothing()

    done = browser.post("/example-ai-tool/", {"token": token, "budget": 1000, "target": 20, "saved": 150,
                                               "started": int(time.time()) - 30})
    html = done.content.decode()
    assert done.status_code == 200 and "Done" in html and 'data-lms-origin="http://testserver"' in html
    assert "/static/example_ai_tool/tool.js" in html
    path, body = routed.calls[-1]
    assert path == "/api/ai-tools/complete/" and body["score"] == 75 and body["data"]["saved"] == 150
    session = AIToolSession.objects.get()
    assert session.user == enrolled and session.score == Decimal("75") and 25 <= session.time_spent_seconds <= 60
    assert LessonProgress.objects.get(user=enrolled, lesson=lesson).status == LessonProgress.Status.COMPLETED
    # Sending the form again stores nothing new.
    again = browser.post("/example-ai-tool/", {"token": token, "budget": 1000, "target": 20, "saved": 300})
    assert "already finished" in again.content.decode() and AIToolSession.objects.count() == 1


def test_example_tool_refuses_bad_tokens_and_bad_amounts(enrolled, lesson, example_tool):
    tool, routed = example_tool
    assert "Open this activity from your lesson." in Client().get("/example-ai-tool/").content.decode()
    bad = Client().get("/example-ai-tool/", {"token": "forged"})
    assert bad.status_code == 400 and "not valid" in bad.content.decode()
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")
    wrong = Client().post("/example-ai-tool/", {"token": token, "budget": 1000, "target": 20, "saved": 5000})
    assert wrong.status_code == 400 and "Enter an amount from R0 to R1000." in wrong.content.decode()
    assert stored_nothing()


def test_example_tool_secret_setting_default(settings):
    from example_ai_tool.views import DEV_SECRET, tool_secret

    del settings.EXAMPLE_AI_TOOL_SECRET
    assert tool_secret() == DEV_SECRET
    settings.EXAMPLE_AI_TOOL_SECRET = "from-the-environment"
    assert tool_secret() == "from-the-environment"
    assert settings.SITE_URL  # the example tool's launch URL is built from it


def test_lesson_tool_origins_for_the_content_security_policy(lesson, tool):
    tool, _ = tool
    other, _ = make_tool("Other", origin="https://other.example.org")
    off, _ = make_tool("Off", enabled=False, origin="https://off.example.org")
    lesson.body = [ai_block(tool), ai_block(other, block_id="ai2"), ai_block(off, block_id="ai3"), ai_block(tool, block_id="ai4")]
    lesson.save()
    assert ai_tools.lesson_tool_origins(lesson) == ["https://other.example.org", "https://tool.example.org"]


def test_example_tool_sends_its_secret_to_the_configured_site_never_to_the_host_header(
    enrolled, course, example_tool, settings, monkeypatch,
):
    from example_ai_tool import views

    tool, routed = example_tool
    settings.ALLOWED_HOSTS = ["*"]
    settings.EXAMPLE_AI_TOOL_LMS_URL = "http://learn.internal:8000"
    sent_to = []

    def spy(url, payload, headers=None, timeout=None):
        sent_to.append(url)
        return routed(url, payload, headers, timeout)

    monkeypatch.setattr(views, "post_json", spy)
    lesson = lessons_of(course)[0]
    lesson.body = [ai_block(tool)]
    lesson.save()
    token = issue_launch_token(enrolled, lesson, BLOCK, tool, "{}")
    Client().get("/example-ai-tool/", {"token": token}, HTTP_HOST="attacker.example")
    assert sent_to and all(url.startswith("http://learn.internal:8000/api/") for url in sent_to)
