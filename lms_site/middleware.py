"""Small cross-cutting HTTP rules."""

PRIVATE_PREFIXES = ("/documents/", "/h5p/")


class PrivateFilesMiddleware:
    """Lesson documents and H5P files answer per person: no shared cache may keep them.

    A view that already said `private` (H5P files may stay in the student's own browser cache,
    saving mobile data on the next visit) keeps its header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES) and "private" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "private, no-store"
        return response
