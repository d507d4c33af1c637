"""Cached values that go stale together: each belongs to a named version that a change bumps.

Deleting every affected key on a change would mean knowing them all (every catalogue filter,
every page number). Instead each value is stored with the version of its family ("pages",
"visitor", ...) at the time it was built, and read together with the current version in one
cache round trip: a value built under an older version is a miss. A bump therefore invalidates
the whole family at once, in every process sharing the cache (Redis in production).

Within one request (`RequestScope` middleware) the families' versions are read once, all in the
round trip of the first read; values already
unpickled in this process under that same version are reused from a small in-process memo, so
a page that needs the route, the view restrictions and the course structure pays one cache
round trip, not five. The memo only ever answers for the version the shared cache holds at the
start of the request: it can never serve anything the shared cache would not. Memoised values
are shared between requests and must be treated as read-only (served page rows are kept as
pickled bytes, so each request gets its own copy to decorate).

Versions live in the same cache as the values; if the cache loses one, the next read starts a
fresh version, which also makes every older value a miss.
"""

import threading
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction

PAGES = "pages"  # the page tree: routes, course structures, view restrictions, sites
VISITOR = "visitor"  # what anonymous visitors are shown: pages plus counts, people and categories
# Served page rows with what they show from elsewhere (category, instructor, thumbnail): stale when
# the tree changes or anything visitors see does (a profile, an image, a category).
PAGE_ROWS = "page-rows"

FAMILIES = {PAGES: (PAGES, VISITOR, PAGE_ROWS), VISITOR: (VISITOR, PAGE_ROWS), PAGE_ROWS: (PAGE_ROWS,)}
# Course structures of a few hundred courses and their routes; older entries are dropped first.
MEMO_SIZE = 1024
# Only the page tree's values are small and hot enough to keep in process; visitors' pages are not.
MEMO_FAMILIES = {PAGES, PAGE_ROWS}

_scope = threading.local()  # this thread's current request: {family: version}
_memo = OrderedDict()  # (key, version) -> value, most recently used last
_memo_lock = threading.Lock()


def _version_key(family):
    return f"version:{family}"


def bump(family):
    """Make every value of `family` (and of the families built on it) stale, now and after commit.

    Now, so the change is seen at once; again after the transaction commits, so a request that
    read the old rows between the two and cached them cannot keep them.
    """
    _bump_now(family)
    transaction.on_commit(lambda: _bump_now(family))


def _bump_now(family):
    versions = {name: uuid.uuid4().hex for name in FAMILIES[family]}
    cache.set_many({_version_key(name): version for name, version in versions.items()}, timeout=None)
    scoped = getattr(_scope, "versions", None)
    if scoped is not None:
        scoped.update(versions)


def _remember(key, version, value):
    with _memo_lock:
        _memo[(key, version)] = value
        _memo.move_to_end((key, version))
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)


def _recall(key, version):
    with _memo_lock:
        value = _memo.get((key, version))
        if value is not None:
            _memo.move_to_end((key, version))
        return value


def read(family, key):
    """(value or None, current version); None when missing or built under an older version."""
    scoped = getattr(_scope, "versions", None)
    version = scoped.get(family) if scoped is not None else None
    if version is not None and family in MEMO_FAMILIES:
        value = _recall(key, version)
        if value is not None:
            return value, version
        stored = cache.get(key)
    elif version is not None:
        stored = cache.get(key)
    else:
        # The first read of a request fetches every family's version with the value: one round trip.
        families = [name for name in FAMILIES if name not in scoped] if scoped is not None else [family]
        found = cache.get_many([_version_key(name) for name in families] + [key])
        for name in families:
            current = found.get(_version_key(name))
            if current is None:
                current = _start_version(name)  # whatever is stored for `key` is then from an older one
            if name == family:
                version = current
            if scoped is not None:
                scoped[name] = current
        stored = found.get(key)
    if stored is None or stored[0] != version:
        return None, version
    if scoped is not None and family in MEMO_FAMILIES:
        _remember(key, version, stored[1])
    return stored[1], version


def _start_version(family):
    """A version for a family the cache has none of (never set, or evicted)."""
    version = uuid.uuid4().hex
    # add: another process may have started the version first; then use theirs.
    if not cache.add(_version_key(family), version, timeout=None):
        version = cache.get(_version_key(family)) or version
    return version


def write(key, value, version, timeout, family=None):
    """Store `value` as built under `version` (from `read`), for `timeout` seconds at most."""
    cache.set(key, (version, value), timeout)
    if family in MEMO_FAMILIES and getattr(_scope, "versions", None) is not None:
        _remember(key, version, value)


def cached(family, key, build, timeout):
    """The cached value of `key`, or `build()` stored under the current version of `family`."""
    value, version = read(family, key)
    if value is None:
        value = build()
        if value is not None:
            write(key, value, version, timeout, family)
    return value


class RequestScope:
    """Middleware: versions are read once per request and memoised values reused (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _scope.versions = {}
        try:
            return self.get_response(request)
        finally:
            _scope.versions = None
