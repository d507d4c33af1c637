"""Who is asking, for plain Django views that API clients also call (files, players).

DRF views authenticate JWTs themselves; a file URL served by a plain view sees only the session.
A mobile client sends `Authorization: Bearer <access token>` instead, so these views ask here.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from . import person_cache


class CachedJWTAuthentication(JWTAuthentication):
    """simplejwt's JWTAuthentication, reading the token's user through the person cache (one round trip)."""

    def get_user(self, validated_token):
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError as error:
            raise InvalidToken(_("Token contained no recognizable user identification")) from error
        user = person_cache.load(
            user_id, lambda: self.user_model.objects.filter(**{api_settings.USER_ID_FIELD: user_id}).first()
        )
        if user is None:
            raise AuthenticationFailed(_("User not found"), code="user_not_found")
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):  # the cached copy loads the password for this
            raise AuthenticationFailed(_("The user's password has been changed."), code="password_changed")
        return user


def request_user(request):
    """The session's user, else the bearer of a valid access token, else the anonymous user."""
    if getattr(request.user, "is_authenticated", False) or "HTTP_AUTHORIZATION" not in request.META:
        return request.user
    try:
        found = CachedJWTAuthentication().authenticate(request)
    except AuthenticationFailed:
        return request.user
    return found[0] if found else request.user
