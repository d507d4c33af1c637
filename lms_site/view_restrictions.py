"""Wagtail's view-restriction check without its two queries when no restriction applies.

Wagtail asks `page.get_view_restrictions()` on every serve (and our visibility rule asks the
same of courses): a query for the page's ancestors and one for their restrictions. Restrictions
are rare (private courses), so the paths of restricted pages are cached under the "pages"
version (`lms_site.cache_versions`), which any change of a restriction or a page bumps.
"""

from wagtail.models import PageViewRestriction

from . import cache_versions

RESTRICTIONS_SECONDS = 3600


def restricted_paths():
    """Tree paths of every page with a view restriction (private courses are rare: a short list)."""
    return cache_versions.cached(
        cache_versions.PAGES, "restricted-paths",
        lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
        RESTRICTIONS_SECONDS,
    )


def may_be_restricted(page):
    """False when neither this page nor any ancestor has a view restriction (no query on a warm cache)."""
    if getattr(page, "alias_of_id", None):
        return True
    return any(page.path.startswith(path) for path in restricted_paths())


class CachedViewRestrictions:
    """A page mixin: Wagtail's view-restriction check skips its two queries when nothing above restricts.

    Wagtail's `check_view_restrictions` asks `page.get_view_restrictions()` on every serve; when
    no restriction applies the answer is an empty queryset that never reaches the database.
    """

    def get_view_restrictions(self):
        if may_be_restricted(self):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()
