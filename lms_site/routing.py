"""Page routing from the cache: the Site, the page at a path and the view restrictions above it.

Wagtail resolves a URL by walking the tree, two queries per level (nine for a lesson), after a
query for the Site; its view-restriction check adds two more. Here each answer is cached under
the "pages" version (`lms_site.cache_versions`), which every page save, publish, unpublish, move
and delete bumps, as do changes to sites and view restrictions (`lms_site.cache_signals`). The
served page row itself is cached too (under "page-rows", see `served_page`), so a warm route
costs no query at all.

Anything unusual falls back to Wagtail's own routing: a path not (or no longer) in the cache,
a page type with routes of its own below its URL, aliases.
"""

import hashlib
import pickle

from django.contrib.contenttypes.models import ContentType
from django.db.models import prefetch_related_objects
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from . import cache_versions

ROUTE_SECONDS = 3600


def cached_site(request):
    """`Site.find_for_request` from the cache; also kept on the request where Wagtail looks for it."""
    if hasattr(request, "_lms_site_root"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def find():
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None
        root = Page.objects.only("url_path", "path").get(pk=site.root_page_id)
        return {"site": site, "root_url_path": root.url_path, "root_path": root.path}

    key = f"site:{hashlib.sha256(f'{hostname}:{port}'.encode()).hexdigest()}"
    found = cache_versions.cached(cache_versions.PAGES, key, find, ROUTE_SECONDS)
    request._wagtail_site = found["site"] if found else None
    request._lms_site_root = found
    return request._wagtail_site


def _page_at(root, path):
    """(page id, content type id) of the live page at `path` under the site root, or None."""
    url_path = root["root_url_path"] + path.strip("/") + ("/" if path.strip("/") else "")
    found = (
        Page.objects.filter(url_path=url_path, path__startswith=root["root_path"], live=True, alias_of__isnull=True)
        .values_list("pk", "content_type_id")
        .first()
    )
    return found


def cached_route(request, path):
    """The RouteResult for `path` from the cache, or None to let Wagtail route it."""
    site = cached_site(request)
    if site is None:
        return None
    root = request._lms_site_root
    target = cache_versions.cached(
        cache_versions.PAGES, f"route:{site.pk}:{hashlib.sha256(path.encode()).hexdigest()}",
        lambda: _page_at(root, path), ROUTE_SECONDS,
    )
    if target is None:
        return None
    page_id, content_type_id = target
    model = ContentType.objects.get_for_id(content_type_id).model_class()  # Django caches content types
    if model is None:
        return None
    page = served_page(model, page_id)
    if page is None:
        return None  # unpublished since it was cached: Wagtail answers
    # The page's own route for "this very page" (a routable page picks its index view here).
    return page.route(request, [])


def _load_page(model, page_id):
    related = getattr(model, "route_select_related", ())
    queryset = model.objects.select_related(*related).filter(pk=page_id, live=True)
    # The cache is shared storage: people's password hashes stay in the database.
    hidden = [f"{name}__password" for name in related if getattr(model._meta.get_field(name).related_model, "USERNAME_FIELD", None)]
    page = queryset.defer(*hidden).first()
    if page is not None:
        prefetch_related_objects([page], *getattr(model, "route_prefetch_related", ()))
    return pickle.dumps(page, pickle.HIGHEST_PROTOCOL) if page is not None else None


def served_page(model, page_id):
    """The live `model` page with this id (with what its template shows from elsewhere), from the cache; else None.

    Kept as pickled bytes under the "page-rows" version, which every page change and every change
    to what visitors see (a profile, an image, a category) bumps; each request unpickles its own
    copy, so whatever a view sets on its page stays in that request.
    """
    data = cache_versions.cached(
        cache_versions.PAGE_ROWS, f"page-row:{model._meta.label_lower}:{int(page_id)}", lambda: _load_page(model, page_id),
        ROUTE_SECONDS,
    )
    return pickle.loads(data) if data is not None else None


def serve(request, path):
    """Wagtail's `serve`, with the route found in the cache when it can be."""
    if not hasattr(request, "_wagtail_route_for_request"):
        route = cached_route(request, path)
        if route is not None:
            request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)
