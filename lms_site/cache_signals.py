"""What makes cached pages, routes and structures stale (`lms_site.cache_versions`).

Any save or delete of a page (publishing, unpublishing, archiving and editing all save the
page row), a move, a change of view restrictions or sites: the "pages" family, which includes
everything anonymous visitors are shown. Categories and images shown on course cards: the
"visitor" family. Rooms above add their own (enrolment counts, instructors' profiles).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import cache_versions


def pages_changed(sender, **kwargs):
    cache_versions.bump(cache_versions.PAGES)


def page_row_changed(sender, instance, **kwargs):
    if isinstance(instance, Page):
        cache_versions.bump(cache_versions.PAGES)


def visitor_content_changed(sender, **kwargs):
    cache_versions.bump(cache_versions.VISITOR)


def connect():
    """Connect the page tree's receivers (once; later calls change nothing)."""
    post_save.connect(page_row_changed, dispatch_uid="cache.page_saved")
    post_delete.connect(page_row_changed, dispatch_uid="cache.page_deleted")
    for signal, name in ((page_published, "published"), (page_unpublished, "unpublished"), (post_page_move, "moved")):
        signal.connect(pages_changed, dispatch_uid=f"cache.page_{name}")
    for model in (PageViewRestriction, Site):
        post_save.connect(pages_changed, sender=model, dispatch_uid=f"cache.{model.__name__}_saved")
        post_delete.connect(pages_changed, sender=model, dispatch_uid=f"cache.{model.__name__}_deleted")
    # A restriction's groups decide who may see a private course.
    m2m_changed.connect(pages_changed, sender=PageViewRestriction.groups.through, dispatch_uid="cache.restriction_groups")


def visitors_see(*models):
    """Changes to these models reach the pages anonymous visitors are served from the cache."""
    for model in models:
        post_save.connect(visitor_content_changed, sender=model, dispatch_uid=f"cache.{model.__name__}_saved")
        post_delete.connect(visitor_content_changed, sender=model, dispatch_uid=f"cache.{model.__name__}_deleted")
