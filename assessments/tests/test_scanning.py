"""ClamAV scans every upload when configured: EICAR is refused and stores nothing, a clean PDF passes,
and a scanner that is down refuses the upload instead of letting it through (a real clamd)."""

import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Submission, SubmissionFile
from tests.support import client_as
from tests.support.clamav import EICAR, SIGNATURE_NAME, answers, clamd_available, free_port, start_clamd
from tests.support.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def clamd(tmp_path_factory):
    """(host, port) of a running clamd: CI's (CLAMAV_TEST_HOST/PORT), else one started for this run."""
    host, port = os.environ.get("CLAMAV_TEST_HOST"), os.environ.get("CLAMAV_TEST_PORT")
    if host and port and answers(host, int(port)):
        yield host, int(port)
        return
    if not clamd_available():
        pytest.skip("clamd not found (apt-get install clamav-daemon)")
    process, port = start_clamd(tmp_path_factory.mktemp("clamd"))
    try:
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def scanning(settings, clamd):
    settings.CLAMAV_HOST, settings.CLAMAV_PORT = clamd
    settings.CLAMAV_SOCKET = ""


def private_files(settings):
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def post(user, assignment, *files):
    return client_as(user).post(f"/api/assignments/{assignment.pk}/submit/", {"files": list(files)}, format="multipart")


def test_the_eicar_test_file_is_refused_as_malware_and_nothing_is_stored(enrolled, assignment, scanning, settings):
    before = private_files(settings)
    response = post(enrolled, assignment, SimpleUploadedFile("notes.txt", EICAR))
    assert response.status_code == 422
    assert response.json()["code"] == "infected" and SIGNATURE_NAME in response.json()["detail"]
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()
    assert private_files(settings) == before


def test_one_infected_file_among_clean_ones_stores_none_of_them(enrolled, assignment, scanning, settings):
    before = private_files(settings)
    response = post(enrolled, assignment, SimpleUploadedFile("budget.pdf", minimal_pdf()),
                    SimpleUploadedFile("notes.txt", EICAR))
    assert response.status_code == 422
    assert not Submission.objects.exists() and private_files(settings) == before


def test_a_clean_pdf_passes_the_scanner(enrolled, assignment, scanning):
    response = post(enrolled, assignment, SimpleUploadedFile("budget.pdf", minimal_pdf()))
    assert response.status_code == 201, response.json()
    assert SubmissionFile.objects.get().scanned is True


def test_a_scanner_that_is_down_refuses_the_upload(enrolled, assignment, settings):
    settings.CLAMAV_HOST, settings.CLAMAV_PORT, settings.CLAMAV_SOCKET = "127.0.0.1", free_port(), ""
    settings.CLAMAV_TIMEOUT = 2
    before = private_files(settings)
    response = post(enrolled, assignment, SimpleUploadedFile("budget.pdf", minimal_pdf()))
    assert response.status_code == 503 and response.json()["code"] == "scanner_unavailable"
    assert not Submission.objects.exists() and private_files(settings) == before


def test_without_a_scanner_configured_files_are_stored_unscanned(enrolled, assignment, settings):
    settings.CLAMAV_HOST = settings.CLAMAV_SOCKET = ""
    assert post(enrolled, assignment, SimpleUploadedFile("budget.pdf", minimal_pdf())).status_code == 201
    assert SubmissionFile.objects.get().scanned is False
