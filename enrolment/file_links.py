"""Short-lived signed links to lesson files, for clients that send no session cookie.

The lesson API hands a mobile client `document_url` for a PDF block. The client may open it in
a system viewer or download manager that carries neither our session nor its Bearer token, so
the URL itself is the permission: `/files/<token>/<filename>`, where the token is signed with
SECRET_KEY (django.core.signing, its own salt) and names the user, the lesson, the block and the
document. It lives FILE_LINK_MAX_AGE seconds (default 300) and is checked again when used:
the lesson gate must still let that user open that lesson, and the block must still show that
document. Anyone holding a fresh link can use it (as with any presigned URL); after it expires
nobody can, and the client asks the lesson API for a new one.

On local disk the file is streamed from here. On S3 the link answers with a redirect to the
storage's own presigned URL (django-storages, `querystring_expire` 300 s): the same check, then
the bytes come from the bucket. Every other link to the file (the web page's /documents/ URL) is
checked by the before_serve_document hook as well.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.urls import reverse

from courses.models import LessonPage

from .access import lesson_gate
from .documents import pdf_block_for_document
from .errors import EnrolmentError

SALT = "enrolment.file-link"
EXPIRED = "This link has expired or is not valid. Open the lesson again for a fresh one."


def link_max_age():
    return int(getattr(settings, "FILE_LINK_MAX_AGE", 300))


def sign(data, salt=SALT):
    """A URL-safe token carrying `data`, signed with SECRET_KEY under `salt` (other apps use their own salt)."""
    return signing.dumps(data, salt=salt, compress=True)


def read_signed(token, salt=SALT):
    """The data of a genuine token younger than FILE_LINK_MAX_AGE; EnrolmentError(403) otherwise."""
    try:
        return signing.loads(token, salt=salt, max_age=link_max_age())
    except (signing.BadSignature, ValueError, TypeError):
        raise EnrolmentError(EXPIRED, "link_expired", status=403) from None


def document_link(user, lesson, block_id, document):
    """The path of a signed link to the document a lesson's PDF block shows, for this user."""
    user_id = user.pk if getattr(user, "is_authenticated", False) else 0
    token = sign({"u": user_id, "l": lesson.pk, "b": block_id, "d": document.pk})
    filename = document.filename or f"document-{document.pk}.pdf"
    return reverse("file-link", args=[token, filename])


def open_document_link(token):
    """(document, lesson) for a genuine, fresh link whose user may still open the lesson.

    Raises EnrolmentError: 403 for an expired, forged or revoked link (its user is gone or
    deactivated, or the lesson is now locked to them), 404 when the lesson or file is gone.
    """
    from wagtail.documents import get_document_model

    data = read_signed(token)
    if not isinstance(data, dict) or not {"u", "l", "b", "d"} <= set(data):
        raise EnrolmentError(EXPIRED, "link_expired", status=403)
    user = AnonymousUser()
    if data["u"]:
        user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
        if user is None:
            raise EnrolmentError(EXPIRED, "link_expired", status=403)
    lesson = LessonPage.objects.live().filter(pk=data["l"]).first()
    document = get_document_model().objects.filter(pk=data["d"]).first()
    if lesson is None or document is None or pdf_block_for_document(lesson, data["b"], document) is None:
        raise EnrolmentError("This file is no longer part of the lesson.", "not_found", status=404)
    refusal = lesson_gate(user, lesson).refusal()
    if refusal is not None:
        raise EnrolmentError(EXPIRED, "link_expired", status=403) if refusal.status == 403 else refusal
    return document, lesson
