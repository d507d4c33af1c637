"""Small cross-cutting HTTP rules."""

from django.conf import settings
from django.http import JsonResponse

from .errors import API_PREFIX

PRIVATE_PREFIXES = ("/documents/", "/h5p/")


class PrivateFilesMiddleware:
    """Lesson documents and H5P files answer per person: no shared cache may keep them.

    A view that already said `private` (H5P files may stay in the student's own browser cache,
    saving mobile data on the next visit) keeps its header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES) and "private" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "private, no-store"
        return response


class ApiBodyLimitMiddleware:
    """An /api/ request whose body is larger than the view accepts answers 413 before it is read.

    DRF's parsers read the whole stream into memory and Django's DATA_UPLOAD_MAX_MEMORY_SIZE
    guards only form bodies, so without this a client could post any size of JSON. A view that
    takes larger bodies (file uploads) names its own `max_body_bytes`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(API_PREFIX):
            return None
        view_class = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
        limit = getattr(view_class, "max_body_bytes", None) or settings.API_MAX_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"detail": "Content-Length is not a number.", "code": "bad_request"}, status=400)
        if length > limit:
            body = {"detail": f"The body is larger than {limit // 1024} KB.", "code": "too_large"}
            flag = getattr(view_class, "refusal_flag", None)  # as lms_site.errors.api_exception_handler
            return JsonResponse({flag: False, **body} if flag else body, status=413)
        return None
