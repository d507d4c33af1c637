import pytest

from enrolment.services import enrol

from .factories import assignment_lesson, quiz_lesson


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Submitted files go to a folder of this test's own."""
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "private")}}}


@pytest.fixture
def enrolled(student, course):
    enrol(student, course)
    return student


@pytest.fixture
def quiz(course):
    return quiz_lesson(course)[1]


@pytest.fixture
def assignment(course):
    return assignment_lesson(course)[1]
