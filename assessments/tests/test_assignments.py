"""Handing in work: files checked before anything is stored, versions kept, grading by the course's staff only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Submission, SubmissionFile
from enrolment.models import LessonProgress
from tests.support import client_as
from tests.support.pdfs import minimal_pdf

from .factories import assignment_lesson, assignment_value

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" + b"\x00" * 64


def pdf(name="budget.pdf", content=None):
    return SimpleUploadedFile(name, content or minimal_pdf(), content_type="application/pdf")


def post(client, assignment, **data):
    return client.post(f"/api/assignments/{assignment.pk}/submit/", data, format="multipart")


def nothing_stored(private_dir):
    return not SubmissionFile.objects.exists() and not Submission.objects.exists() and not any(
        p.is_file() for p in private_dir.rglob("*"))


@pytest.fixture
def private_dir(settings):
    from pathlib import Path

    return Path(settings.STORAGES["private"]["OPTIONS"]["location"])


def test_a_student_hands_in_two_files_and_the_lesson_completes(enrolled, assignment, private_dir):
    response = post(client_as(enrolled), assignment, text="My budget for March.",
                    files=[pdf(), SimpleUploadedFile("photo.png", PNG, content_type="image/png")])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["version"] == 1 and body["status"] == "submitted" and body["score"] is None
    assert [f["name"] for f in body["files"]] == ["budget.pdf", "photo.png"]
    assert LessonProgress.objects.get(user=enrolled, lesson=assignment.lesson).status == "completed"
    stored = SubmissionFile.objects.first()
    assert str(private_dir) in stored.file.path  # private storage, outside MEDIA_ROOT
    # The signed link opens the file for anyone holding it while it is fresh (as a presigned URL does).
    link = body["files"][0]["url"]
    download = client_as(None).get(link.split("testserver")[-1] if "testserver" in link else link[link.index("/submission-files/"):])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("upload, code, status", [
    (lambda: SimpleUploadedFile("tool.exe", b"MZ\x90\x00" + b"\x00" * 100), "file_type_not_allowed", 415),
    (lambda: SimpleUploadedFile("big.pdf", minimal_pdf() + b" " * (1024 * 1024 + 1)), "file_too_large", 413),
    (lambda: SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 this is a program, not a PDF" * 10), "file_content_mismatch", 415),
    (lambda: SimpleUploadedFile("notes.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40), "file_content_mismatch", 415),
    (lambda: SimpleUploadedFile("photo.png", minimal_pdf()), "file_content_mismatch", 415),
])
def test_disallowed_oversized_or_disguised_files_are_refused_and_nothing_is_stored(enrolled, assignment, private_dir,
                                                                                   upload, code, status):
    response = post(client_as(enrolled), assignment, files=[pdf("fine.pdf"), upload()])
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert nothing_stored(private_dir)
    assert not LessonProgress.objects.filter(user=enrolled, status="completed").exists()


def test_too_many_files_or_nothing_at_all_are_refused(enrolled, assignment, private_dir):
    client = client_as(enrolled)
    too_many = post(client, assignment, files=[pdf(f"{n}.pdf") for n in range(4)])
    assert too_many.status_code == 400 and too_many.json()["code"] == "too_many_files"
    empty = post(client, assignment, text="  ")
    assert empty.status_code == 400 and empty.json()["code"] == "empty_submission"
    assert nothing_stored(private_dir)


def test_resubmission_keeps_earlier_versions(enrolled, assignment):
    client = client_as(enrolled)
    post(client, assignment, text="First try.", files=[pdf()])
    second = post(client, assignment, text="Better.", files=[pdf("budget-v2.pdf")])
    assert second.status_code == 201 and second.json()["version"] == 2
    versions = list(Submission.objects.filter(user=enrolled).order_by("version").values_list("version", "status", "text"))
    assert versions == [(1, "superseded", "First try."), (2, "submitted", "Better.")]
    assert SubmissionFile.objects.count() == 2
    detail = client.get(f"/api/assignments/{assignment.pk}/").json()
    assert [s["version"] for s in detail["submissions"]] == [2, 1]


def test_without_resubmission_one_version_unless_returned(enrolled, instructor, course):
    from assessments.services import grade_submission

    _, assignment = assignment_lesson(course, assignment_value(allow_resubmission=False))
    client = client_as(enrolled)
    post(client, assignment, text="Done.")
    again = post(client, assignment, text="Again.")
    assert again.status_code == 409 and again.json()["code"] == "already_submitted"
    grade_submission(instructor, Submission.objects.get(), feedback="Add your rent.", return_for_resubmission=True)
    assert post(client, assignment, text="With rent.").status_code == 201


def test_the_instructor_grades_with_the_rubric_and_the_student_sees_score_and_feedback(enrolled, instructor, assignment):
    post(client_as(enrolled), assignment, text="Budget.", files=[pdf()])
    submission = Submission.objects.get()
    response = client_as(instructor).put(f"/api/submissions/{submission.pk}/grade/",
                                         {"rubric_levels": {"0": 1, "1": 0}, "feedback": "Good work."}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["score"] == "15.00" and response.json()["status"] == "graded"
    mine = client_as(enrolled).get(f"/api/assignments/{assignment.pk}/").json()["submissions"][0]
    assert (mine["score"], mine["feedback"], mine["rubric_levels"]) == ("15.00", "Good work.", {"0": 1, "1": 0})


def test_grading_refuses_a_score_above_max_or_an_instructor_of_another_course(enrolled, instructor, other_instructor,
                                                                              assignment):
    post(client_as(enrolled), assignment, text="Budget.")
    submission = Submission.objects.get()
    too_high = client_as(instructor).put(f"/api/submissions/{submission.pk}/grade/", {"score": "20.5"}, format="json")
    assert too_high.status_code == 400 and too_high.json()["code"] == "score_out_of_range"
    stranger = client_as(other_instructor).put(f"/api/submissions/{submission.pk}/grade/", {"score": "10"}, format="json")
    assert stranger.status_code == 404
    from assessments.errors import AssessmentError
    from assessments.services import grade_submission

    with pytest.raises(AssessmentError) as refused:
        grade_submission(other_instructor, submission, score=10)
    assert refused.value.status == 403
    submission.refresh_from_db()
    assert submission.status == "submitted" and submission.score is None and submission.graded_by is None


def test_completion_on_a_passing_grade_waits_for_the_grade(enrolled, instructor, course):
    from assessments.services import grade_submission

    lesson, assignment = assignment_lesson(course, assignment_value(completes_on="pass", pass_score=12))
    post(client_as(enrolled), assignment, text="Budget.")
    assert not LessonProgress.objects.filter(user=enrolled, lesson=lesson, status="completed").exists()
    grade_submission(instructor, Submission.objects.get(), score=11)
    assert not LessonProgress.objects.filter(user=enrolled, lesson=lesson, status="completed").exists()
    grade_submission(instructor, Submission.objects.get(), rubric_levels={"0": 0, "1": 1})
    assert LessonProgress.objects.get(user=enrolled, lesson=lesson).status == "completed"


def test_a_signed_file_link_is_refused_once_expired_or_forged(enrolled, assignment, settings):
    body = post(client_as(enrolled), assignment, files=[pdf()]).json()
    path = body["files"][0]["url"][body["files"][0]["url"].index("/submission-files/"):]
    forged = client_as(enrolled).get(path.replace("/submission-files/", "/submission-files/x"))
    assert forged.status_code == 403
    settings.FILE_LINK_MAX_AGE = -1
    assert client_as(enrolled).get(path).status_code == 403


def test_the_html_form_hands_in_work_without_javascript(enrolled, assignment):
    from django.test import Client

    client = Client()
    client.force_login(enrolled)
    response = client.post(f"/assignments/{assignment.pk}/submit/", {"text": "On paper.", "files": [pdf()]})
    assert response.status_code == 302 and response["Location"].endswith(f"#block-{assignment.block_id}")
    assert Submission.objects.get().files.count() == 1
    page = client.get(assignment.lesson.url)
    assert b"waiting to be graded" in page.content and b"budget.pdf" in page.content
    _ = io


def test_personal_data_exports_attempts_and_work_and_erase_removes_the_work(enrolled, assignment, private_dir):
    from accounts import personal_data

    post(client_as(enrolled), assignment, text="My budget.", files=[pdf()])
    exported = personal_data.export_for(enrolled)["assessments"]
    assert exported["submissions"][0]["files"] == ["budget.pdf"] and exported["submissions"][0]["text"] == "My budget."
    assert "assessments" in personal_data.erase_for(enrolled)
    assert not SubmissionFile.objects.exists() and Submission.objects.get().text == ""
    assert not any(p.is_file() for p in private_dir.rglob("*"))
