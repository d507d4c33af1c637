"""AI tools: their shared secrets, launch tokens, and the checks behind /api/ai-tools/.

How it fits together (the third-party side is in docs/ai-tools.md):

1. An admin registers a tool (`courses.AITool`). We generate its secret once, show it once, and
   keep only a hash.
2. The lesson page embeds the tool in a sandboxed iframe at `launch_url?token=<JWT>`. The JWT is
   ours (HS256, a key derived from `AI_TOOL_SIGNING_KEY`); the tool never verifies it itself.
3. The tool's *server* calls `POST /api/ai-tools/validate-token/` and later
   `POST /api/ai-tools/complete/`, both with `Authorization: Bearer <its secret>`. Only a server
   call with the secret can complete a block; a message from the browser only refreshes the page.

Secrets are hashed with plain SHA-256, not PBKDF2. A tool secret is 256 bits from `secrets`, so
it cannot be guessed and key stretching adds nothing (stretching protects low-entropy passwords);
PBKDF2 would instead cost ~0.3 s of CPU on *every* API call and hand anyone who posts random
secrets an easy way to burn our CPU. An unkeyed hash also survives a SECRET_KEY rotation, and a
deterministic hash lets us find the calling tool by its secret with one indexed lookup, so we
authenticate the caller before we look at the token at all. Comparisons use
`hmac.compare_digest`.

Pseudonymity. `sub` is an HMAC of (tool, user): stable for one student in one tool, different in
every other tool, and it says nothing about who the student is. The server still has to know
the user when the tool reports back, so the token also carries `usr`: the user's id *encrypted*
(Fernet, a key derived from `AI_TOOL_SIGNING_KEY`). A JWT is signed, not encrypted, so a clear
user id would be readable by the tool and would let two tools link their students; the
encrypted value is opaque and differs in every token. The tool learns a first name (from
validate-token) and nothing else.

Lifetimes. `exp` (15 minutes) is how long the launch link may be validated. `cmp` ("complete
by", 2 hours after issue) is how long the tool may report a completion with it: students may
take longer than 15 minutes, and completing needs the tool's secret as well as the token. Each
token completes at most once (`jti` is unique in AIToolSession).
"""

import base64
import hashlib
import hmac
import json
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode, urlsplit

import jwt
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from lms_site.errors import DomainError

TOKEN_LIFETIME = timedelta(minutes=15)
COMPLETION_WINDOW = timedelta(hours=2)
ALGORITHM = "HS256"
HASH_PREFIX = "sha256$"
MAX_TOKEN_LENGTH = 4096
MAX_SECRET_LENGTH = 256
REQUIRED_CLAIMS = ["sub", "usr", "lesson", "block", "tool", "params", "iat", "exp", "cmp", "jti"]


class AIToolError(DomainError):
    """A refused tool call: `code` is stable for the tool's developers, `message` is for people."""


# --- secrets -----------------------------------------------------------------------------------

def generate_secret():
    return secrets.token_urlsafe(32)


def hash_secret(secret):
    return HASH_PREFIX + hashlib.sha256(secret.encode()).hexdigest()


def set_new_secret(tool):
    """Give `tool` a fresh secret (hash and hint only; the caller saves). Returns the plain secret,
    which exists nowhere else: show it to the admin once and drop it."""
    secret = generate_secret()
    tool.secret_hash = hash_secret(secret)
    tool.secret_hint = secret[-4:]
    return secret


def check_secret(tool, secret):
    if not tool.secret_hash or not secret:
        return False
    return hmac.compare_digest(tool.secret_hash, hash_secret(secret))


def bearer_secret(authorization):
    """The secret from an `Authorization: Bearer <secret>` header value, or raise AIToolError(401)."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value:
        raise AIToolError("Send the tool's secret as 'Authorization: Bearer <secret>'.", "missing_secret", 401)
    if len(value) > MAX_SECRET_LENGTH:
        raise AIToolError("The tool secret is not valid.", "invalid_secret", 401)
    return value


def authenticate_tool(authorization):
    """The enabled AITool whose secret is in the Authorization header; raises AIToolError (401/403)."""
    from ..models import AITool

    secret = bearer_secret(authorization)
    tool = AITool.objects.filter(secret_hash=hash_secret(secret)).first()
    if tool is None or not check_secret(tool, secret):
        raise AIToolError("The tool secret is not valid.", "invalid_secret", 401)
    if not tool.is_enabled:
        raise AIToolError("This tool is disabled on this site.", "tool_disabled", 403)
    return tool


# --- keys ----------------------------------------------------------------------------------------

def derived_key(purpose):
    """A 32-byte key for one purpose, derived from AI_TOOL_SIGNING_KEY (so one setting, separate keys)."""
    signing_key = getattr(settings, "AI_TOOL_SIGNING_KEY", "")
    if not signing_key:
        raise ImproperlyConfigured("Set AI_TOOL_SIGNING_KEY to launch AI tools.")
    return hmac.new(signing_key.encode(), f"leerhuis.ai-tools.{purpose}".encode(), hashlib.sha256).digest()


def _fernet():
    return Fernet(base64.urlsafe_b64encode(derived_key("user")))


def pseudonymous_id(user, tool):
    """Stable for this student in this tool; unrelated across tools; reveals nothing about the user."""
    digest = hmac.new(derived_key("subject"), f"{tool.pk}:{user.pk}".encode(), hashlib.sha256).hexdigest()
    return digest[:32]


def _seal_user(user):
    return _fernet().encrypt(str(user.pk).encode()).decode()


def _open_user(sealed):
    try:
        return int(_fernet().decrypt(sealed.encode()).decode())
    except (InvalidToken, ValueError, AttributeError, TypeError):
        raise AIToolError("The token is not valid.", "token_invalid", 401) from None


# --- launch tokens -------------------------------------------------------------------------------

def parse_params(params):
    """A block's params as a dict: the block stores JSON text (validated on save); dicts pass through."""
    if isinstance(params, dict):
        return params
    try:
        value = json.loads(params or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def issue_launch_token(user, lesson, block_id, tool, params=None, now=None):
    now = now or datetime.now(UTC)
    claims = {
        "sub": pseudonymous_id(user, tool),
        "usr": _seal_user(user),
        "lesson": lesson.pk,
        "block": str(block_id),
        "tool": tool.pk,
        "params": parse_params(params),
        "iat": int(now.timestamp()),
        "exp": int((now + TOKEN_LIFETIME).timestamp()),
        "cmp": int((now + COMPLETION_WINDOW).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, derived_key("jwt"), algorithm=ALGORITHM)


def launch_url_for(tool, token):
    separator = "&" if urlsplit(tool.launch_url).query else "?"
    return f"{tool.launch_url}{separator}{urlencode({'token': token})}"


def launch_url(user, lesson, block_id, value):
    """The iframe URL for an AI tool block's value with a fresh token, or "" if the tool is unusable."""
    tool = value.get("tool")
    if tool is None or not tool.is_enabled or not getattr(user, "is_authenticated", False):
        return ""
    return launch_url_for(tool, issue_launch_token(user, lesson, block_id, tool, value.get("params")))


def verify_launch_token(token, tool, purpose="validate"):
    """The token's claims if it is ours, intact, for `tool` and still usable for `purpose`.

    purpose "validate": until `exp`; purpose "complete": until `cmp`. Raises AIToolError:
    token_malformed (400), token_invalid (401, bad signature), token_expired (401), wrong_tool (403).
    """
    if not isinstance(token, str) or not token.strip():
        raise AIToolError("Send the launch token as 'token'.", "token_missing", 400)
    if len(token) > MAX_TOKEN_LENGTH:
        raise AIToolError("The token is malformed.", "token_malformed", 400)
    try:
        claims = jwt.decode(
            token.strip(), derived_key("jwt"), algorithms=[ALGORITHM],
            options={"require": REQUIRED_CLAIMS, "verify_exp": purpose == "validate"},
        )
    except jwt.ExpiredSignatureError:
        raise AIToolError("The token has expired. Ask the student to reopen the lesson.", "token_expired", 401) from None
    except jwt.InvalidSignatureError:
        raise AIToolError("The token is not valid.", "token_invalid", 401) from None
    except jwt.MissingRequiredClaimError:
        raise AIToolError("The token is malformed.", "token_malformed", 400) from None
    except jwt.DecodeError:
        raise AIToolError("The token is malformed.", "token_malformed", 400) from None
    except jwt.InvalidTokenError:
        raise AIToolError("The token is not valid.", "token_invalid", 401) from None
    if not (
        isinstance(claims["lesson"], int) and isinstance(claims["tool"], int) and isinstance(claims["block"], str)
        and isinstance(claims["params"], dict) and isinstance(claims["cmp"], int) and isinstance(claims["jti"], str)
        and isinstance(claims["usr"], str) and len(claims["jti"]) <= 64
    ):
        raise AIToolError("The token is malformed.", "token_malformed", 400)
    if purpose == "complete" and claims["cmp"] < datetime.now(UTC).timestamp():
        raise AIToolError("The token is too old to report a completion.", "token_expired", 401)
    if claims["tool"] != tool.pk:
        raise AIToolError("This token was issued for another tool.", "wrong_tool", 403)
    return claims


def user_for(claims):
    """The active user a verified token was issued to."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=_open_user(claims["usr"]), is_active=True).first()
    if user is None:
        raise AIToolError("The token is not valid.", "token_invalid", 401)
    return user


def timestamp(seconds):
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


def lesson_tool_origins(lesson):
    """Origins of the enabled tools a lesson's AI tool blocks use: the frame-src its page needs.

    For django-csp on the lesson page's response: `response._csp_update = {"frame-src": origins}`.
    """
    origins = set()
    for block in lesson.body:
        if block.block_type == "ai_tool":
            tool = block.value.get("tool")
            if tool is not None and tool.is_enabled:
                origins.add(tool.allowed_origin)
    return sorted(origins)
