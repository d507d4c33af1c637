"""A real Celery worker on Redis runs a task against the same database the test sees.

Runs only when CELERY_BROKER_URL is set (CI sets it); elsewhere it is skipped with that reason.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.support import lessons_of, make_user
from enrolment.models import Enrolment, LessonProgress

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parent.parent


def _database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker():
    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("CELERY_BROKER_URL is not set: no broker for a real worker (CI sets it)")
    if connection.vendor != "postgresql":
        pytest.skip("the worker test shares the test database over a connection: run it on PostgreSQL")
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "lms_site.settings.test"}
    log = open(ROOT / "celery-worker-test.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lms_site", "worker", "--pool", "solo", "--loglevel", "INFO",
         "-Q", "default,pdf,emails", "--hostname", f"test-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_worker_recomputes_progress_after_lessons_change(worker, instructor, category):
    from tests.support import make_course
    from enrolment.services import enrol
    from enrolment.tasks import refresh_course_progress

    assert not settings.CELERY_TASK_ALWAYS_EAGER
    course = make_course(instructor, sections=1, lessons_per_section=4, chain=False, category=category)
    student = make_user("worker-student@example.com", settings.STUDENTS_GROUP)
    enrolment, _ = enrol(student, course)
    first, second = lessons_of(course)[:2]
    for lesson in (first, second):
        LessonProgress.objects.create(user=student, lesson=lesson, enrolment=enrolment, status="completed")
    # Progress is stale on purpose: only the task, run by the worker process, may fix it.
    assert Enrolment.objects.get(pk=enrolment.pk).progress == 0

    result = refresh_course_progress.apply_async(args=[course.pk], queue="default")
    assert result.get(timeout=60) == 1
    assert str(Enrolment.objects.get(pk=enrolment.pk).progress) == "50.00"


def test_worker_issues_a_certificate_with_its_pdf_and_email(worker, instructor, category):
    """A course completed in the web process: the worker on the pdf queue issues the certificate, then emails it."""
    import io

    from pypdf import PdfReader

    from enrolment.models import Certificate
    from enrolment.services import enrol, mark_complete
    from notifications.models import SentEmail
    from tests.support import make_course

    assert not settings.CELERY_TASK_ALWAYS_EAGER
    course = make_course(instructor, title="Worker-made certificates", sections=1, lessons_per_section=1,
                         chain=False, category=category)
    student = make_user("worker-cert@example.com", settings.STUDENTS_GROUP, first_name="Zanele", last_name="Khumalo")
    enrolment, _ = enrol(student, course)
    # Completing the last lesson commits, then queues the task on Redis (transaction=True: real commits).
    mark_complete(student, lessons_of(course)[0], enrolment)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        certificate = Certificate.objects.filter(enrolment=enrolment).exclude(pdf="").first()
        sent = SentEmail.objects.filter(user=student, kind="certificate_issued", status="sent").exists()
        if certificate is not None and sent:
            break
        time.sleep(0.5)
    else:
        raise AssertionError("the worker issued no certificate (or sent no email) within 90 s; see celery-worker-test.log")
    with certificate.pdf.open("rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "Zanele Khumalo" in text and "Worker-made certificates" in text and certificate.code in text
