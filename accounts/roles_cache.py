"""Each person's group names (their roles), cached: every page asks "instructor? moderator?".

The set is read once per request at most (`User.in_group` keeps it on the instance) and from
the cache across requests. Joining or leaving a group deletes the person's entry at once
(`accounts.signals`), so a moderator who loses the role loses it on the next request; renaming
or deleting a group clears its members' entries the same way.
"""

from django.core.cache import cache

from . import person_cache

ROLES_SECONDS = 600


@person_cache.also_read
def _key(user_id):
    return f"user-groups:{user_id}"


def group_names(user):
    names = person_cache.prefetched(user, _key(user.pk))  # read with the signed-in person
    if names is None:
        names = cache.get(_key(user.pk))
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        cache.set(_key(user.pk), names, ROLES_SECONDS)
    return names


def forget(user_ids):
    cache.delete_many([_key(user_id) for user_id in user_ids])


def forget_on(user):
    """This instance's own roles (kept for the request, or read with the person) are stale too."""
    user.__dict__.pop("_group_names", None)
    person_cache.drop_prefetched(user, _key(user.pk))
