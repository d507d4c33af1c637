"""One domain error for every app, and the DRF exception handler that answers it.

A service refuses by raising `DomainError` (or a subclass named for its room): a stable `code`
for API clients, a `message` for people and the HTTP `status` it maps to. Views never catch it:
the API's exception handler turns it into `{"detail": ..., "code": ..., **extra}` and HTML views
show `message` to the user.
"""

from django.http import JsonResponse
from django.views import csrf as csrf_views
from django.views import defaults
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"


class DomainError(Exception):
    status = 400

    def __init__(self, message, code="invalid", status=None, **extra):
        super().__init__(message)
        self.message = message
        self.code = code
        if status:
            self.status = status
        self.extra = extra

    def body(self):
        return {"detail": self.message, "code": self.code, **self.extra}


def api_exception_handler(exc, context):
    """DRF's handler, plus DomainError -> its status and body; every refusal carries a `code`.

    DRF's own refusals (401, 403, 404, 405, 415, 429, a body it cannot parse) answer
    `{"detail"}` only; the `code` it knows is added, so clients read one shape. Validation errors
    keep DRF's `{"field": ["message"]}`.

    A view may name a `refusal_flag` (e.g. the AI tool calls answer `{"valid": false, ...}`), so
    a caller that reads one field learns the outcome either way.
    """
    if isinstance(exc, DomainError):
        response = Response(exc.body(), status=exc.status)
    else:
        response = drf_exception_handler(exc, context)
        if response is None:
            return None
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        if isinstance(detail, str) and "code" not in response.data:
            response.data["code"] = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
    flag = getattr(context.get("view"), "refusal_flag", None)
    if flag and isinstance(response.data, dict):
        response.data = {flag: False, **response.data}
    return response


def json_refusal(request, status, detail, code):
    """Django's own error pages for /api/ paths: JSON like every other API answer, never HTML."""
    return JsonResponse({"detail": detail, "code": code}, status=status)


def page_not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return json_refusal(request, 404, "Not found.", "not_found")
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return json_refusal(request, 400, "The request could not be read.", "bad_request")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return json_refusal(request, 403, "You may not do this.", "permission_denied")
    return defaults.permission_denied(request, exception)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a write with a session but no CSRF token."""
    if request.path.startswith(API_PREFIX):
        return json_refusal(request, 403, "CSRF check failed: send the CSRF token, or use a Bearer token.", "csrf_failed")
    return csrf_views.csrf_failure(request, reason)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return json_refusal(request, 500, "Something went wrong on our side. Try again later.", "server_error")
    return defaults.server_error(request)
