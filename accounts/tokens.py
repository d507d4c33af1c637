"""JWT refresh tokens: issued with the start of their chain, revoked when the password or the account changes.

Rotation (SIMPLE_JWT ROTATE_REFRESH_TOKENS) hands out a fresh refresh token on every refresh, so
without a cap a stolen token could be kept alive forever. Each token carries `chain_start`, the
moment its user signed in; rotation keeps the claim, and a refresh after
REFRESH_CHAIN_MAX_DAYS (default 30) is refused: the app signs in again.

A password change or reset by any route (web form, API, admin) and deactivating an account
blacklist every refresh token the user holds (`revoke_refresh_tokens`, from the User signals in
`accounts.signals`), so every device is signed out.
"""

import time

from django.conf import settings
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenRefreshView

CHAIN_CLAIM = "chain_start"


def chain_max_seconds():
    return int(float(getattr(settings, "REFRESH_CHAIN_MAX_DAYS", 30)) * 24 * 3600)


def issue_tokens(user):
    """A new refresh token (its chain starts now) and its access token."""
    refresh = RefreshToken.for_user(user)
    refresh[CHAIN_CLAIM] = int(time.time())
    return refresh


def revoke_refresh_tokens(user):
    """Blacklist every refresh token issued to this user; returns how many were still live."""
    revoked = 0
    for outstanding in OutstandingToken.objects.filter(user=user).exclude(blacklistedtoken__isnull=False):
        BlacklistedToken.objects.get_or_create(token=outstanding)
        revoked += 1
    return revoked


class ChainedRefreshSerializer(TokenRefreshSerializer):
    def validate(self, attrs):
        try:
            token = RefreshToken(attrs["refresh"], verify=False)
            started = int(token.get(CHAIN_CLAIM, token.get("iat", 0)))
        except Exception:  # malformed: the parent's own checks answer it
            started = None
        if started is not None and time.time() - started > chain_max_seconds():
            raise InvalidToken("This sign-in is too old to refresh. Log in again.")
        return super().validate(attrs)


class ChainedRefreshView(TokenRefreshView):
    serializer_class = ChainedRefreshSerializer
