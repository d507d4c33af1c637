"""Versioned cache values: a bump makes every value of the family stale, in and out of a request."""

import pytest
from django.core.cache import cache

from lms_site import cache_versions

# A bump also schedules itself for after the commit, which asks the database connection.
pytestmark = pytest.mark.django_db


def in_request(work):
    """Run `work` inside the per-request scope the RequestScope middleware opens."""
    scope = cache_versions.RequestScope(lambda request: work())
    return scope(None)


def test_a_value_is_built_once_and_read_back_until_its_family_is_bumped():
    builds = []

    def build():
        builds.append(1)
        return {"n": len(builds)}

    assert cache_versions.cached(cache_versions.PAGES, "thing", build, 60) == {"n": 1}
    assert cache_versions.cached(cache_versions.PAGES, "thing", build, 60) == {"n": 1}
    cache_versions.bump(cache_versions.PAGES)
    assert cache_versions.cached(cache_versions.PAGES, "thing", build, 60) == {"n": 2}


def test_bumping_the_pages_family_also_makes_visitors_pages_stale():
    cache_versions.cached(cache_versions.VISITOR, "page", lambda: "old", 60)
    cache_versions.bump(cache_versions.PAGES)
    assert cache_versions.cached(cache_versions.VISITOR, "page", lambda: "new", 60) == "new"


def test_a_bump_inside_a_request_is_seen_by_the_rest_of_that_request():
    def work():
        first = cache_versions.cached(cache_versions.PAGES, "route", lambda: "before", 60)
        cache_versions.bump(cache_versions.PAGES)
        second = cache_versions.cached(cache_versions.PAGES, "route", lambda: "after", 60)
        return first, second

    assert in_request(work) == ("before", "after")


def test_a_value_remembered_in_process_is_never_served_once_another_process_bumped():
    in_request(lambda: cache_versions.cached(cache_versions.PAGES, "structure", lambda: "v1", 60))
    # Another process changes a page: only the shared cache's version moves.
    cache.set("version:pages", "someone-elses-version", timeout=None)
    assert in_request(lambda: cache_versions.cached(cache_versions.PAGES, "structure", lambda: "v2", 60)) == "v2"


def test_a_lost_version_starts_a_new_one_and_old_values_miss():
    cache_versions.cached(cache_versions.PAGES, "site", lambda: "old", 60)
    cache.delete("version:pages")
    assert cache_versions.cached(cache_versions.PAGES, "site", lambda: "new", 60) == "new"


@pytest.mark.django_db
def test_the_deploy_command_makes_every_page_cache_stale():
    from django.core.management import call_command

    assert cache_versions.cached(cache_versions.PAGE_ROWS, "deploy-check", lambda: "old", 60) == "old"
    assert cache_versions.cached(cache_versions.PAGE_ROWS, "deploy-check", lambda: "new", 60) == "old"  # cached
    call_command("refresh_page_caches")
    assert cache_versions.cached(cache_versions.PAGE_ROWS, "deploy-check", lambda: "new", 60) == "new"
