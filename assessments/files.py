"""Submitted files: checked before anything is stored, handed out only through signed links.

A file must have an allowed extension, be no larger than the block allows, and its content must
be what the extension says (sniffed with `filetype`: a renamed .exe is not a PDF); then ClamAV
scans it when configured (`scanning.py`). Downloads use the same short-lived signed links as
lesson documents (`enrolment.file_links`, with a salt of their own): the link names the user
and the file, and is checked again when used (the student who handed it in, the course's staff).
"""

import posixpath
import re
import unicodedata

import filetype
from django.contrib.auth import get_user_model
from django.urls import reverse

from courses.roles import is_course_staff
from enrolment.file_links import read_signed, sign

from .errors import AssessmentError

SALT = "assessments.submission-file"
EXPIRED = "This link has expired or is not valid. Open the assignment again for a fresh one."

# Extension -> the types `filetype` may recognise in the content (None: plain text, no magic number).
CONTENT = {
    "pdf": {"pdf"},
    "docx": {"docx", "zip"},
    "odt": {"odt", "zip"},
    "xlsx": {"xlsx", "zip"},
    "pptx": {"pptx", "zip"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "png": {"png"},
    "zip": {"zip"},
    "txt": None,
}
ALIASES = {"jpeg": "jpg"}
CONTENT_TYPES = {
    "pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "jpg": "image/jpeg", "png": "image/png", "txt": "text/plain", "zip": "application/zip",
}
SNIFF_BYTES = 8192


def safe_name(name):
    """A file name fit to store and show: no folders, no control characters, at most 120 characters."""
    name = unicodedata.normalize("NFKC", posixpath.basename((name or "").replace("\\", "/")))
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" .") or "file"
    stem, dot, ext = name.rpartition(".")
    if dot and len(name) > 120:
        name = stem[: 119 - len(ext)] + "." + ext
    return name[:120]


def extension(name):
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    return ALIASES.get(ext, ext)


def looks_like_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the sniffing window's edge is still text.
        return error.start >= len(head) - 3
    return True


def check_file(upload, allowed_types, max_bytes):
    """Refuse (AssessmentError 400/413/415) a file whose extension, size or content is not allowed."""
    name = safe_name(upload.name)
    ext = extension(name)
    allowed = {ALIASES.get(t, t) for t in allowed_types}
    if ext not in allowed or ext not in CONTENT:
        kinds = ", ".join(f".{t}" for t in sorted(allowed)) or "none"
        raise AssessmentError(f"“{name}” is not a file type this assignment takes ({kinds}).", "file_type_not_allowed",
                              status=415)
    if upload.size > max_bytes:
        raise AssessmentError(
            f"“{name}” is {upload.size / 1048576:.1f} MB; the largest file this assignment takes is "
            f"{max_bytes // 1048576} MB.", "file_too_large", status=413,
        )
    if upload.size == 0:
        raise AssessmentError(f"“{name}” is empty.", "file_empty", status=400)
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    expected = CONTENT[ext]
    found = filetype.guess(head)
    matches = looks_like_text(head) and found is None if expected is None else found is not None and found.extension in expected
    if not matches:
        raise AssessmentError(
            f"“{name}” does not contain what a .{ext} file holds, so it was not accepted.", "file_content_mismatch",
            status=415,
        )
    return name, CONTENT_TYPES[ext]


def file_link(user, stored):
    """The path of a signed link to a submitted file for this user (lives FILE_LINK_MAX_AGE seconds)."""
    token = sign({"u": user.pk, "f": stored.pk}, salt=SALT)
    return reverse("submission-file", args=[token, stored.name])


def open_file_link(token):
    """The SubmissionFile a fresh, genuine link names, if its user may still read it (else AssessmentError 403/404)."""
    from .models import SubmissionFile

    data = read_signed(token, salt=SALT)
    if not isinstance(data, dict) or not {"u", "f"} <= set(data):
        raise AssessmentError(EXPIRED, "link_expired", status=403)
    user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
    stored = SubmissionFile.objects.select_related("submission__assignment__lesson").filter(pk=data["f"]).first()
    if stored is None:
        raise AssessmentError("This file is no longer here.", "not_found", status=404)
    if user is None or not may_read_submission(user, stored.submission):
        raise AssessmentError(EXPIRED, "link_expired", status=403)
    return stored


def may_read_submission(user, submission):
    """The student who handed it in, and the course's staff (its instructors, moderators, admins)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if submission.user_id == user.pk:
        return True
    return is_course_staff(user, submission.assignment.lesson.course)
