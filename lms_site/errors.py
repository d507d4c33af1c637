"""One domain error for every app, and the DRF exception handler that answers it.

A service refuses by raising `DomainError` (or a subclass named for its room): a stable `code`
for API clients, a `message` for people and the HTTP `status` it maps to. Views never catch it:
the API's exception handler turns it into `{"detail": ..., "code": ..., **extra}` and HTML views
show `message` to the user.
"""

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


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
    """DRF's handler, plus DomainError -> its status and body.

    A view may name a `refusal_flag` (e.g. the AI tool calls answer `{"valid": false, ...}`), so
    a caller that reads one field learns the outcome either way.
    """
    if isinstance(exc, DomainError):
        body = exc.body()
        flag = getattr(context.get("view"), "refusal_flag", None)
        if flag:
            body = {flag: False, **body}
        return Response(body, status=exc.status)
    return drf_exception_handler(exc, context)
