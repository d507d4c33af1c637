"""Cached values that go stale together: each belongs to a named version that a change bumps.

Deleting every affected key on a change would mean knowing them all (every catalogue filter,
every page number). Instead each value is stored with the version of its family ("pages",
"visitor", ...) at the time it was built, and read together with the current version in one
cache round trip: a value built under an older version is a miss. A bump therefore invalidates
the whole family at once, in every process sharing the cache (Redis in production).

Versions live in the same cache as the values; if the cache loses one, the next read starts a
fresh version, which also makes every older value a miss.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

PAGES = "pages"  # the page tree: routes, course structures, view restrictions, sites
VISITOR = "visitor"  # what anonymous visitors are shown: pages plus counts, people and categories

FAMILIES = {PAGES: (PAGES, VISITOR), VISITOR: (VISITOR,)}


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
    cache.set_many({_version_key(name): uuid.uuid4().hex for name in FAMILIES[family]}, timeout=None)


def read(family, key):
    """(value or None, current version) in one round trip; None when missing or built under an older version."""
    version_key = _version_key(family)
    found = cache.get_many([version_key, key])
    version = found.get(version_key)
    if version is None:
        version = uuid.uuid4().hex
        # add: another process may have started the version first; then use theirs.
        if not cache.add(version_key, version, timeout=None):
            version = cache.get(version_key) or version
        return None, version
    stored = found.get(key)
    if stored is None or stored[0] != version:
        return None, version
    return stored[1], version


def write(key, value, version, timeout):
    """Store `value` as built under `version` (from `read`), for `timeout` seconds at most."""
    cache.set(key, (version, value), timeout)


def cached(family, key, build, timeout):
    """The cached value of `key`, or `build()` stored under the current version of `family`."""
    value, version = read(family, key)
    if value is None:
        value = build()
        if value is not None:
            write(key, value, version, timeout)
    return value
