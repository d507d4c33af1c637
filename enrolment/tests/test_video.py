"""Video tracking: interval arithmetic with exact numbers, and the server-clock credit rule."""


import pytest

from tests.support import lessons_of
from tests.support.clock import open_lesson_ago, rewind_lesson
from courses.models import LessonPage
from enrolment.models import BlockProgress, LessonProgress
from enrolment.services import EnrolmentError, enrol
from enrolment.trackers.video import clean_intervals, covered, credit, merge, record_video_progress, uncovered_parts


# --- interval arithmetic ---------------------------------------------------------------------

def test_overlapping_intervals_merge():
    assert merge([(0, 10), (5, 15), (20, 25)]) == [[0, 15], [20, 25]]
    assert covered(merge([(0, 10), (5, 15), (20, 25)])) == 20


def test_out_of_order_and_touching_intervals_merge():
    assert merge([(30, 40), (0, 10), (10, 20)]) == [[0, 20], [30, 40]]


def test_replaying_one_minute_ten_times_counts_one_minute():
    existing = []
    for _ in range(10):
        existing, _ = credit(existing, [(0, 60)], budget=1000)
    assert existing == [[0, 60]] and covered(existing) == 60


def test_uncovered_parts_are_only_the_new_seconds():
    assert uncovered_parts([[10, 20], [30, 40]], [(0, 50)]) == [[0, 10], [20, 30], [40, 50]]
    assert uncovered_parts([[0, 100]], [(10, 20)]) == []


def test_credit_never_exceeds_the_budget_and_fills_in_time_order():
    merged, credited = credit([[0, 10]], [(0, 100)], budget=15)
    assert credited == 15 and merged == [[0, 25]]


def test_oversized_intervals_are_clipped_to_the_video():
    assert clean_intervals([[90, 500], [-0.0, 5]], duration=100) == [(90.0, 100.0), (0.0, 5.0)]


@pytest.mark.parametrize("bad", [
    "0-10", [[0]], [[5, 1]], [[-1, 3]], [["a", 3]], [[True, 3]], [[0, float("inf")]], [[0, 1]] * 501,
])
def test_malformed_intervals_are_refused(bad):
    with pytest.raises(EnrolmentError):
        clean_intervals(bad, duration=100)


# --- the service --------------------------------------------------------------------------------

VIDEO_ID = "vid1"


@pytest.fixture
def video_lesson(db, course, student):
    """The course's first lesson holds one 100-second video that must be watched to 90%."""
    lesson = lessons_of(course)[0]
    lesson.body = [{"type": "video", "id": VIDEO_ID, "value": {
        "source": "youtube", "video": "dQw4w9WgXcQ", "title": "Budgets in five minutes", "duration": 100,
        "required_percent": 90, "counts_toward_completion": True, "captions": [],
    }}]
    lesson.save()
    enrol(student, course)
    return LessonPage.objects.get(pk=lesson.pk)


def rewind_clock(student, lesson, seconds):
    """Pretend `seconds` more passed on the lesson since it was opened and since the previous report."""
    rewind_lesson(student, lesson, seconds)


def test_a_forged_full_report_right_after_opening_does_not_complete(student, video_lesson):
    answer = record_video_progress(student, video_lesson, VIDEO_ID, [[0, 100]], position=100)
    assert answer["watched_percent"] <= 3  # the lesson was opened just now: 3 s of slack at most
    assert not answer["is_satisfied"] and not answer["lesson_completed"]
    answer = record_video_progress(student, video_lesson, VIDEO_ID, [[0, 100]], position=100)
    assert answer["watched_percent"] < 50  # a moment later: a few more seconds at most
    assert not LessonProgress.objects.filter(user=student, lesson=video_lesson, status="completed").exists()


def test_seeking_ahead_counts_only_what_was_played(student, video_lesson):
    open_lesson_ago(student, video_lesson, 10)
    record_video_progress(student, video_lesson, VIDEO_ID, [[0, 10]], position=10)
    rewind_clock(student, video_lesson, 15)
    answer = record_video_progress(student, video_lesson, VIDEO_ID, [[0, 10], [95, 100]], position=100)
    assert answer["watched_seconds"] == 15 and answer["watched_percent"] == 15


def test_watching_in_real_time_reaches_the_percentage_and_completes_the_lesson(student, video_lesson):
    open_lesson_ago(student, video_lesson, 15)
    answer = None
    for end in range(15, 101, 15):
        answer = record_video_progress(student, video_lesson, VIDEO_ID, [[0, min(end, 100)]], position=end)
        rewind_clock(student, video_lesson, 15)
    answer = record_video_progress(student, video_lesson, VIDEO_ID, [[0, 100]], position=100)
    assert answer["watched_percent"] == 100 and answer["is_satisfied"] and answer["lesson_completed"]
    assert LessonProgress.objects.get(user=student, lesson=video_lesson).status == "completed"


def test_position_is_kept_for_resuming(student, video_lesson):
    record_video_progress(student, video_lesson, VIDEO_ID, [[0, 12]], position=12.5)
    assert BlockProgress.objects.get(user=student, block_id=VIDEO_ID).position == 12.5


def test_mark_complete_is_refused_while_the_video_is_unwatched(student, video_lesson):
    from enrolment.services import complete_lesson

    with pytest.raises(EnrolmentError) as error:
        complete_lesson(student, video_lesson)
    assert error.value.status == 409
    assert not LessonProgress.objects.filter(user=student, lesson=video_lesson, status="completed").exists()


def test_unknown_block_and_strangers_are_refused(student, other_student, video_lesson):
    with pytest.raises(EnrolmentError):
        record_video_progress(student, video_lesson, "nope", [[0, 5]])
    with pytest.raises(EnrolmentError):
        record_video_progress(other_student, video_lesson, VIDEO_ID, [[0, 5]])
    assert not BlockProgress.objects.filter(user=other_student).exists()


# --- the API ----------------------------------------------------------------------------------------

def test_api_reports_progress_and_refuses_bad_payloads(client, student, video_lesson):
    client.force_login(student)
    open_lesson_ago(student, video_lesson, 10)
    url = f"/api/lessons/{video_lesson.pk}/progress/"
    response = client.put(url, {"block_id": VIDEO_ID, "intervals": [[0, 20]], "position": 20}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["watched_percent"] == 20 and response.json()["is_satisfied"] is False
    for bad in ({"block_id": VIDEO_ID}, {"block_id": VIDEO_ID, "intervals": "all"},
                {"block_id": VIDEO_ID, "intervals": [[5, 1]]}, {"block_id": "other", "intervals": [[0, 1]]}):
        response = client.put(url, bad, content_type="application/json")
        assert response.status_code == 400, bad
    assert BlockProgress.objects.get(user=student).watched_seconds == 20


def test_api_refuses_video_reports_from_people_who_may_not_open_the_lesson(client, other_student, other_instructor, video_lesson, other_course):
    enrol(other_student, other_course)
    url = f"/api/lessons/{video_lesson.pk}/progress/"
    body = {"block_id": VIDEO_ID, "intervals": [[0, 20]], "position": 20}
    assert client.put(url, body, content_type="application/json").status_code in (401, 403)
    for person in (other_student, other_instructor):
        client.force_login(person)
        assert client.put(url, body, content_type="application/json").status_code == 403
    assert not BlockProgress.objects.exists()


def test_lesson_detail_describes_the_video_for_a_mobile_client(client, student, video_lesson):
    client.force_login(student)
    open_lesson_ago(student, video_lesson, 15)
    record_video_progress(student, video_lesson, VIDEO_ID, [[0, 30]], position=30)
    data = client.get(f"/api/lessons/{video_lesson.pk}/").json()
    video = data["content"][0]["value"]
    assert data["lesson_type"] == "video"
    assert (video["video_type"], video["video_id"], video["duration"]) == ("youtube", "dQw4w9WgXcQ", 100)
    assert (video["required_percent"], video["watched_percent"], video["position"]) == (90, 30, 30)
    assert video["is_required"] is True and video["is_satisfied"] is False
    assert data["requirements"][0]["needs"] == "Watch 60% more of “Budgets in five minutes”"


def test_lesson_page_lists_what_the_video_still_needs(client, student, video_lesson):
    client.force_login(student)
    html = client.get(video_lesson.url).content.decode()
    assert "To complete this lesson" in html and "Watch 90% more" in html
    assert "Mark complete" not in html
