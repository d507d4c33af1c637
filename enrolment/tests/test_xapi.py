"""H5P xAPI statements and private package files.

The five statements the multichoice fixture really sends (answer wrong, retry, answer right) are
posted in order: only the final correct `answered` completes the block and the lesson. Every
role is tried, bad input is refused with a clear 4xx and nothing stored, and the package's files
answer only to people who may open a lesson that uses it.
"""

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.support import client_as, PASSWORD, lessons_of
from tests.support.csp import allows
from tests.support import put_blocks
from tests.support.h5p import h5p_block, multichoice_statements, package_from_data
from enrolment.h5p_access import lessons_using_package, package_files_refusal
from enrolment.models import BlockProgress, LessonProgress, XAPIStatement
from enrolment.services import complete_lesson, enrol

URL = "/api/xapi/statements/"
BLOCK = "h5p-block-1"
ROLES = ("anonymous", "other_student", "other_instructor", "owner", "moderator", "admin", "enrolled_student")


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def statements():
    return multichoice_statements()


@pytest.fixture
def package(db):
    # Uploaded by nobody with a part in the course, so the uploader rule does not blur the matrix.
    return package_from_data()


@pytest.fixture
def lesson(course, package):
    """The course's first lesson (open to its students) holds the H5P block and a text block."""
    first = lessons_of(course)[0]
    return put_blocks(first, h5p_block(package), {"type": "rich_text", "value": "<p>Read.</p>", "id": "text-1"})


def body(lesson, statement, block_id=BLOCK):
    return {"lesson_id": lesson.pk, "block_id": block_id, "statement": statement}


def nothing_stored():
    return XAPIStatement.objects.count() == 0 and BlockProgress.objects.count() == 0


# --- the fixture's statements, in order ----------------------------------------------------------


def test_only_the_final_correct_answer_completes_the_block_and_the_lesson(people, lesson, statements):
    student = people["enrolled_student"]
    client = client_as(student)

    answers = [client.post(URL, body(lesson, statement), format="json") for statement in statements]

    assert [a.status_code for a in answers] == [200] * 5
    verbs = [a.json()["verb"] for a in answers]
    assert verbs == ["attempted", "interacted", "answered", "interacted", "answered"]
    assert [a.json()["is_satisfied"] for a in answers] == [False, False, False, False, True]
    assert [a.json()["counted"] for a in answers] == [False, False, True, False, True]
    assert [a.json()["lesson_completed"] for a in answers] == [False, False, False, False, True]
    wrong, right = answers[2].json(), answers[4].json()
    assert wrong["score_percent"] == 0.0 and wrong["best_score_percent"] == 0.0
    assert wrong["needs"] == "Score 70% on the activity “Which file sits at the root?” (best so far 0%)"
    assert right == {
        "block_id": BLOCK, "stored": True, "verb": "answered", "counted": True, "score_percent": 100.0,
        "best_score_percent": 100.0, "pass_percent": 70, "is_satisfied": True, "lesson_completed": True, "needs": "",
    }

    rows = list(XAPIStatement.objects.filter(user=student).order_by("pk"))
    assert [r.verb.rsplit("/", 1)[-1] for r in rows] == verbs
    assert [r.score_scaled for r in rows] == [None, None, Decimal("0.0000"), None, Decimal("1.0000")]
    assert [r.completion for r in rows] == [None, None, True, None, True]
    assert [r.success for r in rows] == [None, None, False, None, True]
    progress = BlockProgress.objects.get(user=student, lesson=lesson, block_id=BLOCK)
    assert progress.is_satisfied and progress.score == Decimal("100.00") and progress.block_type == "h5p"
    assert LessonProgress.objects.get(user=student, lesson=lesson).status == LessonProgress.Status.COMPLETED


def test_a_wrong_answer_is_stored_but_does_not_satisfy(people, lesson, statements):
    student = people["enrolled_student"]

    response = client_as(student).post(URL, body(lesson, statements[2]), format="json")

    assert response.status_code == 200
    assert response.json()["is_satisfied"] is False and response.json()["stored"] is True
    assert XAPIStatement.objects.filter(user=student).count() == 1
    assert not BlockProgress.objects.get(user=student, block_id=BLOCK).is_satisfied
    assert not LessonProgress.objects.filter(user=student, lesson=lesson, status=LessonProgress.Status.COMPLETED).exists()


def test_the_statement_is_stored_as_received_with_our_actor(people, lesson, statements):
    student = people["enrolled_student"]
    sent = copy.deepcopy(statements[4])
    sent["actor"] = {"objectType": "Agent", "mbox": "mailto:someone-else@example.com", "name": "Someone else"}

    client_as(student).post(URL, body(lesson, sent), format="json")

    stored = XAPIStatement.objects.get(user=student).statement
    assert stored["actor"] == {"objectType": "Agent", "account": {"homePage": settings.SITE_URL, "name": str(student.pk)}}
    assert {k: v for k, v in stored.items() if k != "actor"} == {k: v for k, v in sent.items() if k != "actor"}
    assert "thandi" not in json.dumps(stored).lower()


def test_a_score_under_the_pass_mark_does_not_satisfy_and_the_best_score_is_kept(people, course, package, statements):
    lesson = put_blocks(lessons_of(course)[0], h5p_block(package, pass_percent=70))
    client = client_as(people["enrolled_student"])

    def answered(scaled):
        statement = copy.deepcopy(statements[4])
        statement["result"]["score"]["scaled"] = scaled
        return client.post(URL, body(lesson, statement), format="json").json()

    assert answered(0.5)["is_satisfied"] is False
    assert answered(0.3)["best_score_percent"] == 50.0
    last = answered(0.7)
    assert last["is_satisfied"] is True and last["best_score_percent"] == 70.0


def test_a_completed_verb_counts_and_without_a_score_only_at_pass_mark_zero(people, course, package):
    first, second = lessons_of(course)[:2]
    put_blocks(first, h5p_block(package, pass_percent=50))
    client = client_as(people["enrolled_student"])
    completed = {"verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}, "object": {"id": "x"}}

    assert client.post(URL, body(first, completed), format="json").json()["is_satisfied"] is False

    put_blocks(first, h5p_block(package, pass_percent=0))
    assert client.post(URL, body(first, completed), format="json").json()["is_satisfied"] is True


def test_answers_to_sub_questions_do_not_complete_the_activity(people, lesson, statements):
    statement = copy.deepcopy(statements[4])
    statement["object"]["definition"]["extensions"]["http://h5p.org/x-api/h5p-subContentId"] = "q-1"

    answer = client_as(people["enrolled_student"]).post(URL, body(lesson, statement), format="json").json()

    assert answer["stored"] is True and answer["counted"] is False and answer["is_satisfied"] is False


def test_an_answer_without_completion_does_not_count(people, lesson, statements):
    statement = copy.deepcopy(statements[4])
    statement["result"]["completion"] = False

    answer = client_as(people["enrolled_student"]).post(URL, body(lesson, statement), format="json").json()

    assert answer["counted"] is False and answer["is_satisfied"] is False


def test_a_mobile_client_posts_with_its_jwt(people, lesson, statements):
    client = APIClient()
    login = client.post("/api/auth/login/", {"email": people["enrolled_student"].email, "password": PASSWORD}, format="json")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access']}")

    response = client.post(URL, body(lesson, statements[4]), format="json")

    assert response.status_code == 200 and response.json()["lesson_completed"] is True


# --- who may post ------------------------------------------------------------------------------


def test_only_the_enrolled_student_may_post_statements(people, lesson, statements):
    answers = {
        role: client_as(user).post(URL, body(lesson, statements[4]), format="json")
        for role, user in people.items()
    }

    assert {role: a.status_code for role, a in answers.items()} == {
        "anonymous": 401, "other_student": 403, "other_instructor": 403,
        # Course staff may open the lesson but have no enrolment to track.
        "owner": 403, "moderator": 403, "admin": 403, "enrolled_student": 200,
    }
    assert answers["owner"].json()["code"] == "not_enrolled"
    assert answers["other_student"].json()["code"] == "not_enrolled"
    assert list(XAPIStatement.objects.values_list("user", flat=True)) == [people["enrolled_student"].pk]


def test_a_locked_lesson_refuses_statements_until_its_prerequisite_is_done(people, course, package, statements):
    first, second = lessons_of(course)[:2]
    put_blocks(second, h5p_block(package))
    client = client_as(people["enrolled_student"])

    refused = client.post(URL, body(second, statements[4]), format="json")

    assert refused.status_code == 403 and refused.json()["code"] == "prerequisites"
    assert nothing_stored()
    complete_lesson(people["enrolled_student"], first)
    assert client.post(URL, body(second, statements[4]), format="json").status_code == 200


# --- bad input: clear 4xx, nothing stored ---------------------------------------------------------


def bad_requests(lesson, statement):
    no_verb = {k: v for k, v in statement.items() if k != "verb"}
    out_of_range = copy.deepcopy(statement)
    out_of_range["result"]["score"]["scaled"] = 2
    wordy_completion = copy.deepcopy(statement)
    wordy_completion["result"]["completion"] = "yes"
    return {
        "unknown block": (body(lesson, statement, "nope"), 400, "unknown_block"),
        "not an H5P block": (body(lesson, statement, "text-1"), 400, "wrong_block_type"),
        "no verb": (body(lesson, no_verb), 400, "invalid_statement"),
        "verb id not a string": (body(lesson, {**statement, "verb": {"id": 7}}), 400, "invalid_statement"),
        "verb not an IRI": (body(lesson, {**statement, "verb": {"id": "answered"}}), 400, "invalid_statement"),
        "statement a list": (body(lesson, [statement]), 400, "invalid_statement"),
        "scaled out of range": (body(lesson, out_of_range), 400, "invalid_statement"),
        "completion not boolean": (body(lesson, wordy_completion), 400, "invalid_statement"),
        "result not an object": (body(lesson, {**statement, "result": "100%"}), 400, "invalid_statement"),
        "no statement": ({"lesson_id": lesson.pk, "block_id": BLOCK}, 400, "invalid_statement"),
        "lesson id a string": ({**body(lesson, statement), "lesson_id": str(lesson.pk)}, 400, "invalid_statement"),
        "block id missing": ({"lesson_id": lesson.pk, "statement": statement}, 400, "invalid_statement"),
    }


def test_bad_statements_get_a_clear_400_and_nothing_is_stored(people, lesson, statements):
    client = client_as(people["enrolled_student"])
    for case, (payload, status, code) in bad_requests(lesson, statements[4]).items():
        response = client.post(URL, payload, format="json")
        assert (case, response.status_code, response.json().get("code")) == (case, status, code)
        assert response.json()["detail"], case
    assert nothing_stored()


def test_a_body_that_is_not_json_is_refused(people, lesson):
    response = client_as(people["enrolled_student"]).post(URL, "not json", content_type="application/json")
    assert response.status_code == 400 and nothing_stored()


def test_an_oversized_statement_is_refused(people, lesson, statements):
    statement = copy.deepcopy(statements[4])
    statement["result"]["response"] = "x" * (70 * 1024)

    response = client_as(people["enrolled_student"]).post(URL, body(lesson, statement), format="json")

    assert response.status_code == 413
    assert response.json() == {"detail": "The statement is larger than 64 KB.", "code": "too_large"}
    assert nothing_stored()


def test_statements_beyond_the_per_block_quota_are_refused_with_429_and_not_stored(people, course, lesson, statements, monkeypatch):
    from enrolment import xapi

    monkeypatch.setattr(xapi, "MAX_STATEMENTS_PER_BLOCK", 3)
    student, other = people["enrolled_student"], people["other_student"]
    client = client_as(student)
    wrong, right = statements[2], statements[4]
    for _ in range(3):
        assert client.post(URL, body(lesson, wrong), format="json").status_code == 200

    refused = client.post(URL, body(lesson, right), format="json")

    assert refused.status_code == 429
    assert refused.json()["code"] == "quota_exceeded" and "3" in refused.json()["detail"]
    assert "Retry-After" not in refused  # waiting does not help: the quota is per block, not per minute
    assert XAPIStatement.objects.filter(user=student).count() == 3
    row = BlockProgress.objects.get(user=student, lesson=lesson, block_id=BLOCK)
    assert not row.is_satisfied and row.score == 0  # the passing answer changed nothing
    assert not LessonProgress.objects.filter(user=student, lesson=lesson, status="completed").exists()
    # The quota is the student's own, for this block.
    enrol(other, course)
    assert client_as(other).post(URL, body(lesson, right), format="json").status_code == 200


def test_the_default_quota_is_200_statements_per_block_per_student():
    from enrolment import xapi

    assert xapi.MAX_STATEMENTS_PER_BLOCK == 200


def test_statements_are_rate_limited_per_student_by_the_tracking_throttle(people, lesson, statements, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "tracking": "5/min"})
    client = client_as(people["enrolled_student"])

    answers = [client.post(URL, body(lesson, statements[2]), format="json") for _ in range(8)]

    assert [a.status_code for a in answers] == [200] * 5 + [429] * 3
    assert "Retry-After" in answers[-1]
    assert XAPIStatement.objects.count() == 5


def test_a_hosted_h5p_block_takes_no_statements(people, course, package, statements):
    lesson = put_blocks(lessons_of(course)[0], h5p_block(package, mode="hosted"))
    response = client_as(people["enrolled_student"]).post(URL, body(lesson, statements[4]), format="json")
    assert response.status_code == 400 and response.json()["code"] == "hosted" and nothing_stored()


def test_an_unknown_or_draft_lesson_is_404(people, course, package, statements):
    client = client_as(people["enrolled_student"])
    assert client.post(URL, {"lesson_id": 999999, "block_id": BLOCK, "statement": statements[4]}, format="json").status_code == 404
    draft = put_blocks(lessons_of(course)[0], h5p_block(package))
    draft.live = False
    draft.save()
    assert client.post(URL, body(draft, statements[4]), format="json").status_code == 404
    assert nothing_stored()


# --- the package's files -------------------------------------------------------------------------


def file_url(package, path="h5p.json"):
    return f"/h5p/{package.pk}/{path}"


def test_lessons_using_a_package_come_from_the_reference_index(course, package, lesson):
    other = put_blocks(lessons_of(course)[3], h5p_block(package, block_id="again"))
    assert lessons_using_package(package) == [lesson, other]

    put_blocks(other, {"type": "rich_text", "value": "<p>No more H5P.</p>", "id": "t"})
    assert lessons_using_package(package) == [lesson]


def test_only_people_who_may_open_the_lesson_fetch_package_files(people, package, lesson):
    codes = {role: client_as(user).get(file_url(package)).status_code for role, user in people.items()}

    assert codes == {
        "anonymous": 403, "other_student": 403, "other_instructor": 403,
        "owner": 200, "moderator": 200, "admin": 200, "enrolled_student": 200,
    }


def test_an_enrolled_student_gets_files_with_the_right_type_and_nosniff(people, package, lesson):
    client = client_as(people["enrolled_student"])

    manifest = client.get(file_url(package))
    script = client.get(file_url(package, "H5P.MultiChoice-1.14/js/multichoice.js"))
    style = client.get(file_url(package, "H5P.MultiChoice-1.14/css/multichoice.css"))

    assert manifest.status_code == 200 and manifest["Content-Type"] == "application/json"
    assert json.loads(b"".join(manifest.streaming_content))["mainLibrary"] == "H5P.MultiChoice"
    assert script.status_code == 200 and script["Content-Type"].startswith("text/javascript")
    assert style.status_code == 200 and style["Content-Type"].startswith("text/css")
    for response in (manifest, script, style):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, max-age=3600"


def test_paths_that_leave_the_package_and_missing_files_are_404(people, package, lesson):
    client = client_as(people["enrolled_student"])
    for path in ("content/../h5p.json", "../1/h5p.json", "content/%2e%2e/h5p.json", "nope.json", "content/x.php", ".env"):
        assert client.get(file_url(package, path)).status_code == 404, path
    assert client.get(f"/h5p/999999/h5p.json").status_code == 404


def test_a_mobile_client_fetches_files_with_its_jwt(people, package, lesson):
    def with_jwt(user):
        client = APIClient()
        login = client.post("/api/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access']}")
        return client

    assert with_jwt(people["enrolled_student"]).get(file_url(package)).status_code == 200
    assert with_jwt(people["other_student"]).get(file_url(package)).status_code == 403
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert bad.get(file_url(package)).status_code == 403


def test_a_student_with_the_link_but_no_enrolment_is_refused(package, lesson, other_student):
    client = client_as(other_student)
    assert client.get(file_url(package)).status_code == 403
    assert client.get(file_url(package, "content/content.json")).status_code == 403


def test_files_of_a_package_used_only_in_a_locked_lesson_wait_for_the_prerequisite(people, course, package):
    first, second = lessons_of(course)[:2]
    put_blocks(second, h5p_block(package))
    student = people["enrolled_student"]

    assert package_files_refusal(student, package) is not None
    assert client_as(student).get(file_url(package)).status_code == 403
    complete_lesson(student, first)
    assert client_as(student).get(file_url(package)).status_code == 200


def test_anyone_may_fetch_files_for_a_free_preview_lesson(package, course):
    preview = put_blocks(lessons_of(course)[0], h5p_block(package))
    preview.is_preview = True
    preview.save()
    assert APIClient().get(file_url(package)).status_code == 200


def test_the_uploader_may_fetch_an_unused_package_to_preview_it(package, other_instructor, student):
    package.uploaded_by = other_instructor
    package.save(update_fields=["uploaded_by"])
    assert client_as(other_instructor).get(file_url(package)).status_code == 200
    assert client_as(student).get(file_url(package)).status_code == 404  # used by no lesson: nothing to open


# --- the block on the lesson page and its sandboxed player ---------------------------------------


def player_src(html):
    match = re.search(r'<iframe class="h5p-frame" src="([^"]+)"', html)
    return match.group(1) if match else None


def test_the_lesson_page_frames_a_sandboxed_player_for_the_enrolled_student(people, lesson):
    html = client_as(people["enrolled_student"]).get(lesson.url).content.decode()

    src = player_src(html)
    assert src and src.startswith("/h5p/play/")
    assert 'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in html
    assert "allow-same-origin" not in html
    assert "data-tracking" in html and 'data-xapi-url="/api/xapi/statements/"' in html
    assert "Score 70% or more to complete this activity." in html
    assert "/static/js/h5p-block.js" in html


def test_staff_see_a_preview_that_records_nothing(people, lesson):
    html = client_as(people["owner"]).get(lesson.url).content.decode()
    assert player_src(html) and "data-tracking" not in html
    assert "Preview: answers are not recorded." in html


def test_the_status_line_shows_the_best_score_after_a_reload(people, lesson, statements):
    student = people["enrolled_student"]
    client_as(student).post(URL, body(lesson, statements[2]), format="json")
    assert "Your best so far: 0%." in client_as(student).get(lesson.url).content.decode()
    client_as(student).post(URL, body(lesson, statements[4]), format="json")
    assert "Done ✓ Best score 100%." in client_as(student).get(lesson.url).content.decode()


def test_a_hosted_block_frames_the_embed_url_once_the_student_starts_it(people, course, package):
    lesson = put_blocks(lessons_of(course)[0], h5p_block(package, mode="hosted"))
    html = client_as(people["enrolled_student"]).get(lesson.url).content.decode()
    # The frame waits in a <template> (never loaded by the browser) for the Start button.
    assert '<template data-h5p-frame><iframe class="embed-frame h5p-hosted-frame" src="https://example.h5p.com/content/1/embed"' in html
    assert 'title="Which file sits at the root?"' in html and "allowfullscreen" in html
    assert "Start the activity" in html and "Open it on example.h5p.com" in html  # the latter without JavaScript
    assert "Hosted on example.h5p.com" in html and player_src(html) is None


def test_a_hosted_link_saved_before_the_strict_check_is_neither_framed_nor_handed_to_the_app(people, course, settings):
    settings.H5P_EMBED_HOSTS = ["h5p.com", "h5p.org"]
    stored = h5p_block(None, mode="hosted")
    stored["value"]["embed_url"] = "https://evil.example\\@h5p.org/embed"  # a browser goes to evil.example
    lesson = put_blocks(lessons_of(course)[0], stored)
    client = client_as(people["enrolled_student"])

    html = client.get(lesson.url).content.decode()
    payload = client.get(f"/api/lessons/{lesson.pk}/").json()

    assert "evil.example" not in html and "This activity is no longer available." in html
    h5p = next(block["value"] for block in payload["content"] if block["type"] == "h5p")
    assert h5p["embed_url"] is None


def test_the_package_player_waits_for_start_behind_a_poster(people, lesson):
    html = client_as(people["enrolled_student"]).get(lesson.url).content.decode()
    poster = html[html.index("data-h5p-poster"):html.index("</template>")]
    assert "Loads when you start it, to save your data." in poster
    assert '<button type="button" class="btn btn-primary" data-h5p-start hidden>Start the activity' in poster
    assert '<template data-h5p-frame><iframe class="h5p-frame" src="/h5p/play/' in poster
    assert html.count("<iframe") == html.count("<template data-h5p-frame><iframe")


def test_the_player_page_is_sandboxed_and_allows_only_what_h5p_needs(people, lesson):
    src = player_src(client_as(people["enrolled_student"]).get(lesson.url).content.decode())

    response = APIClient().get(src)  # the sandboxed frame sends no cookies

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert policy.startswith("sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox;")
    assert "allow-same-origin" not in policy
    assert "'unsafe-eval'" in policy and "frame-ancestors 'self'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    html = response.content.decode()
    assert f'data-block-id="{BLOCK}"' in html and f'data-lesson-id="{lesson.pk}"' in html
    assert "/static/vendor/h5p-standalone/main.bundle.js" in html and "<script>" not in html


def test_the_player_page_may_run_its_packages_scripts_and_no_other_scripts_of_the_site(people, lesson, package):
    src = player_src(client_as(people["enrolled_student"]).get(lesson.url).content.decode())
    token = src.rstrip("/").rsplit("/", 1)[-1]
    response = APIClient().get(src)
    page = f"http://testserver{src}"
    policy = response["Content-Security-Policy"]

    def may_run(path):
        return allows(policy, "script-src", f"http://testserver{path}", page)

    # Every script the page loads itself, and the package's own scripts under this token.
    for script in re.findall(r'<script src="([^"]+)"', response.content.decode()):
        assert may_run(script), script
    assert may_run("/static/vendor/h5p-standalone/frame.bundle.js")
    assert may_run(f"/h5p/{package.pk}/t/{token}/H5P.MultiChoice-1.14/js/multichoice.js")
    assert may_run(f"/h5p/{package.pk}/t/{token}/EmbeddedJS-1.0/js/ejs.js")
    assert allows(policy, "connect-src", f"http://testserver/h5p/{package.pk}/t/{token}/h5p.json", page)
    # Nothing broader: another package or token, the session's file path, other files of the site.
    other = package_from_data("Another package")
    for path in [
        f"/h5p/{other.pk}/t/{token}/H5P.MultiChoice-1.14/js/multichoice.js",
        f"/h5p/{package.pk}/t/another-token/H5P.MultiChoice-1.14/js/multichoice.js",
        f"/h5p/{package.pk}/H5P.MultiChoice-1.14/js/multichoice.js",
        "/static/js/lesson.js",
        "/documents/1/budget.js",
        "/media/original_images/evil.js",
        "/api/courses/?callback=alert",
    ]:
        assert not may_run(path), path
    assert not allows(policy, "script-src", "https://evil.example/h5p.js", page)
    assert not allows(policy, "connect-src", "http://testserver/api/me/enrollments/", page)


def test_the_players_token_opens_only_its_own_packages_files(people, lesson, package, course):
    src = player_src(client_as(people["enrolled_student"]).get(lesson.url).content.decode())
    token = src.rstrip("/").rsplit("/", 1)[-1]
    anonymous = APIClient()

    manifest = anonymous.get(f"/h5p/{package.pk}/t/{token}/h5p.json")
    font = anonymous.get(f"/h5p/{package.pk}/t/{token}/FontAwesome-4.5/fontawesome-webfont.woff2")
    svg = anonymous.get(f"/h5p/{package.pk}/t/{token}/FontAwesome-4.5/fontawesome-webfont.svg")

    assert manifest.status_code == 200 and manifest["Content-Type"] == "application/json"
    assert manifest["Access-Control-Allow-Origin"] == "*" and manifest["X-Content-Type-Options"] == "nosniff"
    # Fonts load in CORS mode from the sandboxed (opaque-origin) page.
    assert font.status_code == 200 and font["Content-Type"] == "font/woff2" and font["Access-Control-Allow-Origin"] == "*"
    # An SVG opened directly cannot run script on our origin.
    assert svg["Content-Type"] == "image/svg+xml" and svg["Content-Security-Policy"].startswith("sandbox;")
    assert anonymous.get(f"/h5p/{package.pk}/t/{token}/content/../h5p.json").status_code == 404
    assert anonymous.get(f"/h5p/{package.pk}/t/forged{token[6:]}/h5p.json").status_code == 403
    assert anonymous.get(f"/h5p/{package.pk}/t/not-a-token/h5p.json").status_code == 403
    other = package_from_data("Another package")
    assert anonymous.get(f"/h5p/{other.pk}/t/{token}/h5p.json").status_code == 403


def test_an_expired_player_token_is_refused(people, lesson, package, settings):
    src = player_src(client_as(people["enrolled_student"]).get(lesson.url).content.decode())
    token = src.rstrip("/").rsplit("/", 1)[-1]
    settings.H5P_PLAYER_TOKEN_MAX_AGE = -1
    assert APIClient().get(src).status_code == 403
    assert APIClient().get(f"/h5p/{package.pk}/t/{token}/h5p.json").status_code == 403


def test_no_player_link_is_minted_for_someone_who_may_not_open_the_lesson(package, lesson, other_student, rf):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = other_student
    rendered = Template("{% load h5p_tags %}{% h5p_player_url lesson 'h5p-block-1' package %}").render(
        Context({"lesson": lesson, "package": package, "request": request})
    )
    assert rendered == ""
