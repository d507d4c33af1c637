"""Certificates' PDFs live on private storage and are handed out only by our views.

`private_storage` is named here because migrations refer to `enrolment.storage.private_storage`.
"""

from lms_site.private_storage import private_storage

__all__ = ["private_storage"]
