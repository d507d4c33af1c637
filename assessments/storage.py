"""Where submitted files live: private storage, never served from a public URL.

On local disk that is PRIVATE_MEDIA_ROOT (outside MEDIA_ROOT, so the development server's media
view cannot reach it); on S3 the same private bucket under `private/`, opened only through
short-lived presigned URLs. Either way a student's file is handed out only through a signed
link checked in `assessments.files`.
"""

import posixpath
import uuid

from lms_site.private_storage import private_storage

__all__ = ["private_storage", "submission_upload_to"]  # migrations name both here


def submission_upload_to(instance, filename):
    """`submissions/<assignment>/<user>/<random>/<name>`: unguessable, and never a name a student chose alone."""
    submission = instance.submission
    return posixpath.join(
        "submissions", str(submission.assignment_id), str(submission.user_id), uuid.uuid4().hex, filename,
    )
