"""Absolute links to this site, for API answers and emails: always on SITE_URL, the site's real address.

A request's own Host is whatever the client sent (and behind a proxy, often `localhost`), and an
answer that may be cached for everyone must not depend on it. Links that are already absolute
(S3 presigned URLs, a CDN) are kept as they are.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings


def absolute_url(path):
    """`path` on SITE_URL; None stays None, and an absolute URL is returned unchanged."""
    if path is None:
        return None
    if urlsplit(path).scheme:
        return path
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))
