import pytest
from django.core.cache import cache

from tests.support.smtp import FlakySMTP


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Certificates and submitted files go to a folder of this test's own; the bell's cache starts empty."""
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "private")}}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def flaky(settings, monkeypatch):
    """The SMTP server fails as `FlakySMTP.failures` says; returns the waits deliver_email asked for (none is waited)."""
    settings.EMAIL_BACKEND = "tests.support.smtp.FlakySMTP"
    FlakySMTP.failures = 0
    FlakySMTP.sent = []
    delays = []
    from notifications import tasks

    original = tasks.backoff
    monkeypatch.setattr(tasks, "backoff", lambda retries: delays.append(original(retries)) or 0)
    return delays
