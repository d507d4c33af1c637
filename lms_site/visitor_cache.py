"""Pages anonymous visitors share, served from the cache: the catalogue, course pages, the course list API.

A view opts in with `share_with_visitors(request, response)`; the middleware then keeps the
rendered answer under the "visitor" version (`lms_site.cache_versions`), keyed on the host, path
and whole query string (every filter, the ordering and the page number), for at most
VISITOR_CACHE_SECONDS. Publishing, unpublishing, moving, archiving or deleting a page, an
enrolment that changes a count, and a change to a category, image or instructor's profile bump
the version, so the next visitor gets the new page.

Only requests that carry no identity are answered from the cache or stored: no session or
messages cookie, no Authorization header. A signed-in person, or anyone with a session, is
always served live. An answer is stored only if it is a plain 200 that sets no cookie and holds
no CSRF token, so nobody's token, messages or session ever reach another visitor.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse

from . import cache_versions

CACHE_HEADER = "X-Visitor-Cache"  # "hit" or "stored": for operators and tests
LONGEST_QUERY = 512  # longer query strings are served live rather than filling the cache
PERSONAL_COOKIES = ("sessionid", "messages")
NOT_REPLAYED = {"set-cookie", "content-length", CACHE_HEADER.lower()}


def share_with_visitors(request, response):
    """Let the middleware keep this response for other anonymous visitors (it checks the rest)."""
    if not getattr(getattr(request, "user", None), "is_authenticated", False):
        response.shared_with_visitors = True
    return response


class SharedWithVisitors:
    """A page mixin: anonymous visitors of this page type are served from the visitor cache."""

    def serve(self, request, *args, **kwargs):
        return share_with_visitors(request, super().serve(request, *args, **kwargs))


def _seconds():
    return getattr(settings, "VISITOR_CACHE_SECONDS", 60)


def _anonymous(request):
    cookies = request.COOKIES
    personal = (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES)
    return not any(name in cookies for name in personal) and "HTTP_AUTHORIZATION" not in request.META


def _key(request):
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    # Hashed: any length, any characters a URL may carry, one short key.
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return "visitor-page:" + hashlib.sha256(address.encode()).hexdigest()


def _storable(request, response):
    if not getattr(response, "shared_with_visitors", False) or response.status_code != 200:
        return False
    if response.streaming or response.cookies or "private" in response.get("Cache-Control", ""):
        return False
    if getattr(getattr(request, "user", None), "is_authenticated", False):
        return False
    return b"csrfmiddlewaretoken" not in response.content


class VisitorCacheMiddleware:
    """Answers anonymous GETs from the shared cache; stores what views shared (see module docstring).

    Sits after SecurityMiddleware (whose headers every answer gets) and before the session:
    a hit costs one cache round trip and no database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = _seconds()
        if (
            not seconds or request.method != "GET" or not _anonymous(request)
            or len(request.META.get("QUERY_STRING", "")) > LONGEST_QUERY
        ):
            return self.get_response(request)
        key = _key(request)
        stored, version = cache_versions.read(cache_versions.VISITOR, key)
        if stored is not None:
            return _replay(stored)
        response = self.get_response(request)
        if _storable(request, response):
            cache_versions.write(key, _snapshot(response), version, seconds)
            response[CACHE_HEADER] = "stored"
        return response


def _snapshot(response):
    headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_REPLAYED]
    return {"status": response.status_code, "content": response.content, "headers": headers}


def _replay(stored):
    response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value
    response[CACHE_HEADER] = "hit"
    return response
