"""Make every cached page, route, course structure and page row stale at once (lms_site.cache_versions).

Run once per deploy, after `migrate`: the caches hold pickled models and values built by the
previous release, and a release that changes their shape must not read them. Sessions and other
cache entries are kept (no one is signed out); the caches refill on the next requests.
"""

from django.core.management.base import BaseCommand

from lms_site import cache_versions


class Command(BaseCommand):
    help = "Make the page caches stale (run once per deploy, after migrate)."

    def handle(self, *args, **options):
        cache_versions.bump(cache_versions.PAGES)  # the pages family includes visitors' pages and page rows
        self.stdout.write("Page caches are stale; they refill on the next requests.")
