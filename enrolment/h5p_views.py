"""H5P package files and the sandboxed player page.

- `/h5p/<package_id>/<path>`: one file of an unpacked package for a signed-in (session or JWT;
  for a free preview, anonymous) visitor who may open a live lesson that uses it
  (`enrolment.h5p_access.package_files_refusal`); others get 403, or 404 where the course is hidden.
- `/h5p/play/<token>/`: the player page the lesson's H5P block frames. Its Content Security
  Policy sandboxes it (an opaque origin, so the package's own JavaScript cannot read the
  student's cookies or act as them) and allows what H5P needs there and nowhere else: scripts
  from our player's files and from this package's files under this token only, and
  `'unsafe-eval'` (H5P's EmbeddedJS library compiles templates). It posts the player's xAPI
  statements and its height to the lesson page with postMessage.
- `/h5p/<package_id>/t/<token>/<path>`: the package's files for that sandboxed page, which
  sends no cookies; the signed, short-lived token stands for "this lesson page showed you the
  block" and names the package.

Files are streamed from the default storage (disk or S3) with a content type from the file name
and `nosniff`, so the browser never guesses a type; SVG and XML files also get a CSP sandbox so
a crafted file opened directly cannot run script on our origin. Paths with `..` are refused.
"""

import mimetypes
import posixpath

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from accounts.bearer import request_user
from courses.h5p import ALLOWED_EXTENSIONS
from courses.models import H5PPackage

from .h5p_access import package_files_refusal, player_refusal, read_player_token

CONTENT_TYPES = {
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "json": "application/json",
    "svg": "image/svg+xml",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject",
    "vtt": "text/vtt; charset=utf-8",
    "webvtt": "text/vtt; charset=utf-8",
    "md": "text/plain; charset=utf-8",
    "textile": "text/plain; charset=utf-8",
    "diff": "text/plain; charset=utf-8",
    "patch": "text/plain; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xml": "application/xml",
    "gltf": "model/gltf+json",
    "glb": "model/gltf-binary",
    "m4a": "audio/mp4",
    "webm": "video/webm",
}
# Types a browser renders as a document (and could run script in) when opened directly.
SANDBOXED = {"svg", "xml"}
FILE_SANDBOX_POLICY = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:"
)
# The scripts templates/h5p/player.html loads, and the core script h5p-standalone adds (its frameJs).
PLAYER_SCRIPTS = ("js/h5p-player.js", "vendor/h5p-standalone/main.bundle.js", "vendor/h5p-standalone/frame.bundle.js")


def player_policy(request, files_url):
    """The player page's CSP: sandboxed (an opaque origin), and scripts only from exactly the files
    it needs: our player's own scripts and this package's files under this page's token.

    `'self'` would let the package's JavaScript load any script of our origin (another package's,
    an uploaded document's); a source with a path allows only what is under it.
    """
    origin = f"{request.scheme}://{request.get_host()}"

    def absolute(url):
        return url if "://" in url else origin + url

    package_files = absolute(files_url) + "/"
    scripts = " ".join(absolute(static(name)) for name in PLAYER_SCRIPTS)
    return "; ".join([
        "sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox",
        "default-src 'none'",
        # 'unsafe-eval': H5P's EmbeddedJS library compiles templates.
        f"script-src {scripts} {package_files} 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self' data:",
        f"connect-src {package_files}",  # h5p.json, content.json and the libraries' JSON
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def clean_path(path):
    """The path inside the package, or Http404 for anything that could leave it."""
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        raise Http404("No such file.")
    parts = path.split("/")
    if ".." in parts:
        raise Http404("No such file.")
    parts = [part for part in parts if part not in ("", ".")]
    if not parts or any(part.startswith(".") for part in parts):
        raise Http404("No such file.")
    cleaned = posixpath.normpath("/".join(parts))
    if cleaned.startswith("..") or cleaned.startswith("/"):
        raise Http404("No such file.")
    return cleaned


def content_type_for(name):
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    if extension in CONTENT_TYPES:
        return CONTENT_TYPES[extension]
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def file_response(package, path):
    if not package.unpacked_to:
        raise Http404("This package is not unpacked.")
    name = clean_path(path)
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise Http404("No such file.")
    stored = package.unpacked_to + name
    if not default_storage.exists(stored):
        raise Http404("No such file.")
    try:
        handle = default_storage.open(stored, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("No such file.")
    response = FileResponse(handle, content_type=content_type_for(name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    if extension in SANDBOXED:
        response["Content-Security-Policy"] = FILE_SANDBOX_POLICY
    if extension == "swf":
        response["Content-Disposition"] = "attachment"
    return response


@require_safe
def serve_package_file(request, package_id, path):
    package = get_object_or_404(H5PPackage, pk=package_id)
    refusal = package_files_refusal(request_user(request), package)
    if refusal is not None and refusal.status == 404:
        raise Http404("No such activity.")
    if refusal is not None:
        raise PermissionDenied("Open this activity from a lesson you may open.")
    return file_response(package, path)


@require_safe
def serve_player_file(request, package_id, token, path):
    if read_player_token(token, package_id) is None:
        raise PermissionDenied("This link has expired. Reload the lesson.")
    package = get_object_or_404(H5PPackage, pk=package_id)
    response = file_response(package, path)
    # The sandboxed player has an opaque origin ("null"): fetch() and fonts need CORS. No
    # credentials are involved; the token in the path is the permission.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@require_safe
@xframe_options_sameorigin
def player(request, token):
    data = read_player_token(token)
    if data is None:
        raise PermissionDenied("This activity link has expired. Reload the lesson.")
    package = get_object_or_404(H5PPackage, pk=data["p"])
    if not package.unpacked_to:
        raise Http404("This package is not unpacked.")
    refusal = player_refusal(data, package)
    if refusal is not None and refusal.status == 404:
        raise Http404("No such activity.")
    if refusal is not None:
        raise PermissionDenied("This activity is not open to you. Reload the lesson.")
    context = {
        "package": package,
        "token": token,
        "block_id": data["b"],
        "lesson_id": data["l"],
        "files_url": reverse("h5p-player-file", args=[package.pk, token, "h5p.json"]).removesuffix("/h5p.json"),
        "parent_origin": f"{request.scheme}://{request.get_host()}",
    }
    response = TemplateResponse(request, "h5p/player.html", context)
    response["Content-Security-Policy"] = player_policy(request, context["files_url"])
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
