from django.http import HttpResponse


def healthz(request):
    """Liveness probe and the benchmark's baseline: no database, no templates."""
    return HttpResponse("ok", content_type="text/plain")
