"""`/files/<token>/<filename>`: a lesson document through its short-lived signed link (file_links.py)."""

import mimetypes

from django.http import FileResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.http import require_safe

from .errors import EnrolmentError
from .file_links import open_document_link


def stored_locally(field_file):
    try:
        field_file.storage.path(field_file.name)
    except NotImplementedError:
        return False
    return True


@require_safe
def serve_document_link(request, token, filename):
    try:
        document, _lesson = open_document_link(token)
    except EnrolmentError as error:
        response = JsonResponse(error.body(), status=error.status)
        response["Cache-Control"] = "no-store"
        return response
    if not stored_locally(document.file):
        # S3: the storage's own presigned URL (a few minutes), checked here first.
        response = HttpResponseRedirect(document.file.url)
        response["Cache-Control"] = "no-store"
        return response
    content_type = mimetypes.guess_type(document.filename)[0] or "application/octet-stream"
    response = FileResponse(document.file.open("rb"), content_type=content_type,
                            as_attachment=content_type != "application/pdf", filename=document.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
