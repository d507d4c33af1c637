"""Who is asking, for plain Django views that API clients also call (files, players).

DRF views authenticate JWTs themselves; a file URL served by a plain view sees only the session.
A mobile client sends `Authorization: Bearer <access token>` instead, so these views ask here.
"""

from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication


def request_user(request):
    """The session's user, else the bearer of a valid access token, else the anonymous user."""
    if getattr(request.user, "is_authenticated", False) or "HTTP_AUTHORIZATION" not in request.META:
        return request.user
    try:
        found = JWTAuthentication().authenticate(request)
    except AuthenticationFailed:
        return request.user
    return found[0] if found else request.user
