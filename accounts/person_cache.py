"""The signed-in person, from the shared cache: every page and API call needs them.

Django loads the user row on every signed-in request (the session's user, or a token's). Here the
row is kept in the cache and read, in the same round trip, with the per-person values other rooms
register (`also_read`: their roles, their unread count), which then answer from this request's
copy instead of asking the cache again.

- The cached copy carries no password hash (the cache is shared storage): the field is left
  deferred, so code that needs it (a password check) loads it from the database, and the
  session's auth hash, which Django compares on every request, is kept instead
  (`User.get_session_auth_hash`).
- Any save or delete of the user drops the entry at once (`accounts.signals`): a deactivated or
  re-passworded person is read afresh on their next request, and is refused as before. The entry
  also expires after PERSON_SECONDS.
- Values read with the person belong to this request only (`PersonMiddleware` clears them).
"""

import copy
import threading
from functools import partial

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model, load_backend
from django.contrib.auth.middleware import AuthenticationMiddleware, auser
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

PERSON_SECONDS = 300
_also = []  # functions user id -> cache key, read together with the person
_request = threading.local()


def also_read(key_for):
    """Register a per-person cache key (a function of the user id) to read with the person."""
    if key_for not in _also:
        _also.append(key_for)
    return key_for


def _key(user_id):
    return f"person:{user_id}"


def forget(user_id):
    cache.delete(_key(user_id))


def prefetched(key):
    """This request's value of a registered key, read with the person; None when not read (or not cached)."""
    values = getattr(_request, "values", None)
    return values.get(key) if values else None


def drop_prefetched(key):
    """A value changed during the request: later reads in it go to the cache."""
    values = getattr(_request, "values", None)
    if values:
        values.pop(key, None)


def clear_prefetched():
    _request.values = None


def load(user_id, fetch):
    """The user with this id, from the cache, else `fetch()` (then cached); None when there is none.

    Whether that user may sign in (is active) is the caller's check, as with a backend's get_user.
    """
    keys = [_key(user_id)] + [key_for(user_id) for key_for in _also]
    found = cache.get_many(keys)
    _request.values = {key: found.get(key) for key in keys[1:]}
    user = found.get(keys[0])
    if user is None:
        user = fetch()
        if user is not None:
            cache.set(keys[0], shareable(user), PERSON_SECONDS)
    return user


def shareable(user):
    """A copy of `user` fit for the shared cache: the session auth hash instead of the password hash."""
    shared = copy.copy(user)  # a model's copy has its own __dict__ and _state
    for name in list(shared.__dict__):
        # The password (left deferred) and what was worked out for this request (permissions, roles).
        if name == "password" or name.startswith(("_perm", "_user_perm", "_group_perm", "_group_names", "_cached")):
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
    """Django's AuthenticationMiddleware, reading the person through this cache."""

    def __call__(self, request):
        try:
            return super().__call__(request)
        finally:
            clear_prefetched()

    def process_request(self, request):
        super().process_request(request)  # Django's checks (the session middleware comes first)
        request.user = SimpleLazyObject(lambda: _person(request))
        request.auser = partial(auser, request)
