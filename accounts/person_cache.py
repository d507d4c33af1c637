"""The signed-in person, from the shared cache: every page and API call needs them.

Django loads the user row on every signed-in request (the session's user, or a token's). Here the
row is kept in the cache and read, in the same round trip, with the per-person values other rooms
register (`also_read`: their roles, their unread count), which then answer from this request's
copy instead of asking the cache again.

- The cached copy carries no password hash (the cache is shared storage): the field is left
  deferred, so code that needs it (a password check) loads it from the database, and the
  session's auth hash, which Django compares on every request, is kept instead
  (`User.get_session_auth_hash`).
- Any save or delete of the user makes the entry stale at once and again on commit (a version
  per person, read in the same round trip; `accounts.signals`), as does Wagtail's bulk
  "mark as inactive" (`wagtail_hooks`): a deactivated or re-passworded person is read afresh on
  their next request, and is refused as before. The entry also expires after PERSON_SECONDS.
- Values read with the person travel on that request's user instance, never beyond it.
- A cached copy saved without `update_fields` writes only the fields changed since it was read
  (`User.save`): it must never write back an `is_active` or `is_staff` older than the database's.
"""

import copy
import hashlib
import uuid
from functools import lru_cache, partial

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model, load_backend
from django.contrib.auth.middleware import AuthenticationMiddleware, auser
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

PERSON_SECONDS = 300
# Raise when what is cached changes shape; with the SECRET_KEY's digest it names the entries, so a
# release or a rotated key never reads what an earlier one wrote (the session auth hash is made with the key).
SCHEMA = 1
_also = []  # functions user id -> cache key, read together with the person


def also_read(key_for):
    """Register a per-person cache key (a function of the user id) to read with the person."""
    if key_for not in _also:
        _also.append(key_for)
    return key_for


def _scope():
    return f"{SCHEMA}:{_digest(settings.SECRET_KEY)}"


@lru_cache(maxsize=4)
def _digest(secret):  # every signed-in request names its entry: hash the key once per process
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def _key(user_id):
    return f"person:{_scope()}:{user_id}"


def _version_key(user_id):
    return f"person-version:{user_id}"


def forget(user_id):
    """The person changed: their cached copy is stale now and again once the transaction commits.

    Twice, as with the page versions: a request that read the old row before the commit and
    stores it afterwards stores it under the old version, which is then never served.
    """
    _bump(user_id)
    transaction.on_commit(lambda: _bump(user_id))


def _bump(user_id):
    cache.set(_version_key(user_id), uuid.uuid4().hex, timeout=None)


def cached_copy(user_id):
    """What the cache holds for this person now (None when nothing current): for diagnostics and tests."""
    found = cache.get_many([_key(user_id), _version_key(user_id)])
    stored = found.get(_key(user_id))
    return stored[1] if stored is not None and stored[0] == found.get(_version_key(user_id)) else None


def prefetched(user, key):
    """The value of a registered key read with this user (None when not read, or not cached)."""
    return user.__dict__.get("_person_values", {}).get(key)


def drop_prefetched(user, key):
    """A value changed: later reads go to the cache."""
    user.__dict__.get("_person_values", {}).pop(key, None)


def load(user_id, fetch):
    """The user with this id, from the cache, else `fetch()` (then cached); None when there is none.

    Whether that user may sign in (is active) is the caller's check, as with a backend's get_user.
    The registered per-person values read in the same round trip travel on the returned instance.
    """
    key, version_key = _key(user_id), _version_key(user_id)
    extra = [key_for(user_id) for key_for in _also]
    found = cache.get_many([key, version_key, *extra])
    version = found.get(version_key)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(version_key, version, timeout=None):
            version = cache.get(version_key) or version
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        user = stored[1]
        user._cached_values = {f.attname: getattr(user, f.attname) for f in _saved_fields(user)}
    else:
        user = fetch()
        if user is None:
            return None
        cache.set(key, (version, shareable(user)), PERSON_SECONDS)
    user._person_values = {name: found.get(name) for name in extra}
    return user


def _saved_fields(user):
    return [f for f in user._meta.concrete_fields if not f.primary_key and f.attname in user.__dict__]


def shareable(user):
    """A copy of `user` fit for the shared cache: the session auth hash instead of the password hash."""
    shared = copy.copy(user)  # a model's copy has its own __dict__ and _state
    for name in list(shared.__dict__):
        # The password (left deferred) and what was worked out for this request (permissions, roles).
        if name == "password" or name.startswith(("_perm", "_user_perm", "_group_perm", "_group_names", "_cached",
                                                  "_person")):
            del shared.__dict__[name]
    shared._state.fields_cache = {}
    shared._session_auth_hash = user.get_session_auth_hash()
    return shared


def session_person(request):
    """`django.contrib.auth.get_user`, with the user read through the cache."""
    user = None
    try:
        user_id = get_user_model()._meta.pk.to_python(request.session[SESSION_KEY])
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        pass
    else:
        if backend_path in settings.AUTHENTICATION_BACKENDS:
            backend = load_backend(backend_path)
            user = load(user_id, lambda: backend.get_user(user_id))
            if user is not None and not backend.user_can_authenticate(user):
                user = None
            if user is not None:
                session_hash = request.session.get(HASH_SESSION_KEY)
                session_auth_hash = user.get_session_auth_hash()
                if not (session_hash and constant_time_compare(session_hash, session_auth_hash)):
                    # Signed with a rotated-out SECRET_KEY: move the session to the current one.
                    if session_hash and any(
                        constant_time_compare(session_hash, fallback) for fallback in user.get_session_auth_fallback_hash()
                    ):
                        request.session.cycle_key()
                        request.session[HASH_SESSION_KEY] = session_auth_hash
                    else:
                        request.session.flush()
                        user = None
    return user or AnonymousUser()


def _person(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = session_person(request)
    return request._cached_user


class PersonMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, reading the person through this cache (synchronous requests)."""

    async_capable = False

    def process_request(self, request):
        super().process_request(request)  # Django's checks (the session middleware comes first)
        request.user = SimpleLazyObject(lambda: _person(request))
        request.auser = partial(auser, request)
