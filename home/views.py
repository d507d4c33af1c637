from django.http import HttpResponse


def healthz(request):
    """Liveness probe and the benchmark's baseline: no database, no templates."""
    return HttpResponse("ok", content_type="text/plain")


PRIVATE_MEDIA_PREFIXES = ("documents/", "h5p/")


def public_media(request, path):
    """Development only: uploaded images and videos, never private lesson files."""
    from django.conf import settings
    from django.http import Http404
    from django.views.static import serve

    import posixpath

    path = posixpath.normpath(path).lstrip("/")
    if path.startswith(PRIVATE_MEDIA_PREFIXES) or path.startswith(".."):
        raise Http404("Lesson files are served through their own access-checked URLs.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
