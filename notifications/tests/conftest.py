import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Certificates and submitted files go to a folder of this test's own; the bell's cache starts empty."""
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "private")}}}
    cache.clear()
    yield
    cache.clear()
