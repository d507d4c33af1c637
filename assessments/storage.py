"""Where submitted files live: private storage, never served from a public URL.

On local disk that is PRIVATE_MEDIA_ROOT (outside MEDIA_ROOT, so the development server's media
view cannot reach it); on S3 the same private bucket under `private/`, opened only through
short-lived presigned URLs. Either way a student's file is handed out only through a signed
link checked in `assessments.files`.
"""

import posixpath
import uuid

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    """STORAGES["private"], looked up when first used (and again after tests change STORAGES)."""

    def _setup(self):
        self._wrapped = storages["private"]


PRIVATE = PrivateStorage()


@receiver(setting_changed)
def forget_private_storage(setting, **kwargs):
    if setting == "STORAGES":
        PRIVATE._wrapped = empty


def private_storage():
    return PRIVATE


def submission_upload_to(instance, filename):
    """`submissions/<assignment>/<user>/<random>/<name>`: unguessable, and never a name a student chose alone."""
    submission = instance.submission
    return posixpath.join(
        "submissions", str(submission.assignment_id), str(submission.user_id), uuid.uuid4().hex, filename,
    )
