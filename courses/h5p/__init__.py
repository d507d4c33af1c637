"""Self-hosted H5P packages: validate an uploaded `.h5p`, unpack it once to storage.

An `.h5p` file is a zip archive with `h5p.json` at its root, the content in
`content/content.json` and one folder per library (`H5P.MultiChoice-1.14/...`). Before anything
is stored we check that it is a real zip, that every path stays inside its folder (no absolute
paths, no `..`, no symbolic links), that every file has one of H5P's own allowed extensions,
and that the number of files and their sizes stay under the limits below. The unpacked files go
to the default storage (local disk or S3) under `h5p/content/<pk>/` and are served only by
`enrolment.h5p_views`, to people who may open a lesson that uses the package.

Settings (all optional, defaults here):
- `H5P_MAX_UPLOAD_SIZE` — the `.h5p` file itself, bytes (50 MB)
- `H5P_MAX_UNPACKED_SIZE` — all files together once unpacked, bytes (150 MB)
- `H5P_MAX_FILE_SIZE` — any one file once unpacked, bytes (50 MB)
- `H5P_MAX_FILES` — number of files in the package (2000)
"""

import json
import posixpath
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from lms_site.parsers import TooDeep, loads_bounded

MB = 1024 * 1024

# H5P core's whitelist (content files plus the `js css` it allows inside libraries).
ALLOWED_EXTENSIONS = frozenset(
    "json png jpg jpeg gif bmp tif tiff svg eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav txt pdf rtf "
    "doc docx xls xlsx ppt pptx odt ods odp xml csv diff patch swf md textile vtt webvtt js css gltf glb".split()
)
# Files H5P itself skips: macOS resource forks and dotfiles added by zip tools. Not extracted.
IGNORED_PREFIXES = (".", "__MACOSX")
LIBRARY_NAME = re.compile(r"^[A-Za-z0-9._-]{1,90}$")
JSON_LIMIT = 10 * MB  # h5p.json and content.json are parsed in memory
# Real content nests deeply (a course presentation holding interactive videos holding quizzes),
# but nowhere near this; deeper is a crafted file, refused before the decoder recurses.
JSON_MAX_DEPTH = 200
# What a damaged archive raises while a member is read: bad CRC or header, truncated or
# undecodable data, a compression method this Python lacks, an encrypted member.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)
CONTENT_ROOT = "h5p/content"


def limit(name, default):
    return int(getattr(settings, name, default))


def max_upload_size():
    return limit("H5P_MAX_UPLOAD_SIZE", 50 * MB)


def max_unpacked_size():
    return limit("H5P_MAX_UNPACKED_SIZE", 150 * MB)


def max_file_size():
    return limit("H5P_MAX_FILE_SIZE", 50 * MB)


def max_files():
    return limit("H5P_MAX_FILES", 2000)


def human_size(size):
    """180 MB, 1.4 MB, 5 KB, 100 bytes: short and honest sizes for messages."""
    if size >= 10 * MB:
        return f"{size / MB:.0f} MB"
    if size >= MB:
        return f"{size / MB:.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


@dataclass
class PackageInfo:
    """What validate_package learnt: enough to unpack and to describe the package."""

    main_library: str  # "H5P.MultiChoice 1.14" (machine name and version when h5p.json gives it)
    title: str
    members: list = field(default_factory=list)  # zipfile.ZipInfo of every file to extract
    unpacked_size: int = 0

    @property
    def file_count(self):
        return len(self.members)


def _is_ignored(parts):
    return any(part.startswith(IGNORED_PREFIXES) for part in parts)


def _check_member_name(info):
    """The member's path inside the package (forward slashes); raise if it could leave its folder."""
    raw = info.filename
    name = raw.replace("\\", "/")
    if "\x00" in name:
        raise ValidationError(f"The package contains a file name with a NUL character: {raw!r}.")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise ValidationError(f"The package contains an absolute path: {raw}")
    parts = name.split("/")
    if ".." in parts:
        raise ValidationError(f"The package contains a path that leaves its folder: {raw}")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise ValidationError(f"The package contains a symbolic link, which is not allowed: {raw}")
    if info.flag_bits & 0x1:
        raise ValidationError(f"The package contains an encrypted file: {raw}")
    return name, [part for part in parts if part not in ("", ".")]


def _read_json(archive, info, label, size_limit=JSON_LIMIT):
    if info.file_size > size_limit:
        raise ValidationError(f"{label} is {human_size(info.file_size)}; it can be at most {human_size(size_limit)}.")
    try:
        data = archive.read(info)
    except DAMAGED as error:
        raise ValidationError(f"The zip archive is damaged ({label} cannot be read: {error}).") from error
    try:
        return loads_bounded(data.decode("utf-8-sig"), max_depth=JSON_MAX_DEPTH)
    except TooDeep as error:
        raise ValidationError(f"{label} is not usable: {error}") from error
    except (UnicodeDecodeError, ValueError) as error:
        raise ValidationError(f"{label} is not valid JSON: {error}.") from error


def _main_library(h5p_json):
    name = h5p_json.get("mainLibrary") if isinstance(h5p_json, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise ValidationError("h5p.json does not name its mainLibrary.")
    if not LIBRARY_NAME.match(name):
        raise ValidationError(f"h5p.json names an invalid mainLibrary: {name[:100]}")
    for dependency in h5p_json.get("preloadedDependencies") or []:
        if isinstance(dependency, dict) and dependency.get("machineName") == name:
            major, minor = dependency.get("majorVersion"), dependency.get("minorVersion")
            if major is not None and minor is not None:
                return f"{name} {major}.{minor}"
    return name


def _missing_libraries(h5p_json, folders):
    """Preloaded dependencies of h5p.json that have no folder in the package."""
    missing = []
    for dependency in h5p_json.get("preloadedDependencies") or []:
        if not isinstance(dependency, dict):
            continue
        folder = f"{dependency.get('machineName')}-{dependency.get('majorVersion')}.{dependency.get('minorVersion')}"
        if folder not in folders:
            missing.append(folder)
    return missing


def validate_package(uploaded_file):
    """Check an uploaded `.h5p` (any file-like object with read/seek); return PackageInfo.

    Raises django.core.exceptions.ValidationError with a message an instructor can act on.
    Reads only the zip's directory and the two JSON files; nothing is written anywhere.
    """
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, 2)
        size = uploaded_file.tell()
    uploaded_file.seek(0)
    if size > max_upload_size():
        raise ValidationError(
            f"The package is {human_size(size)}; the limit is {human_size(max_upload_size())}."
        )
    if not size or not zipfile.is_zipfile(uploaded_file):
        raise ValidationError("This file is not a zip archive, so it is not an .h5p package.")
    uploaded_file.seek(0)
    try:
        archive = zipfile.ZipFile(uploaded_file)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise ValidationError(f"This file is not a zip archive, so it is not an .h5p package ({error}).") from error

    with archive:
        members, seen, by_name, folders = [], set(), {}, set()
        total = 0
        for info in archive.infolist():
            name, parts = _check_member_name(info)
            if not parts or info.is_dir() or name.endswith("/"):
                continue
            if _is_ignored(parts):
                continue
            clean = "/".join(parts)
            if clean.lower() in seen:
                raise ValidationError(f"The package contains the same file twice: {clean}")
            seen.add(clean.lower())
            extension = posixpath.splitext(parts[-1])[1].lstrip(".").lower()
            if extension not in ALLOWED_EXTENSIONS:
                kind = f".{extension} files" if extension else "files without an extension"
                raise ValidationError(
                    f"The package contains {clean}: {kind} are not allowed in H5P packages."
                )
            if info.file_size > max_file_size():
                raise ValidationError(
                    f"{clean} is {human_size(info.file_size)} unpacked; one file can be at most "
                    f"{human_size(max_file_size())}."
                )
            total += info.file_size
            members.append(info)
            by_name[clean] = info
            if len(parts) > 1:
                folders.add(parts[0])
            if len(members) > max_files():
                raise ValidationError(f"The package has more than {max_files():,} files; the limit is {max_files():,}.")
        if total > max_unpacked_size():
            raise ValidationError(
                f"The package is {human_size(total)} unpacked; the limit is {human_size(max_unpacked_size())}."
            )
        if "h5p.json" not in by_name:
            raise ValidationError("h5p.json is missing: it must sit at the root of the package.")
        if "content/content.json" not in by_name:
            raise ValidationError("content/content.json is missing, so the package has no content.")
        h5p_json = _read_json(archive, by_name["h5p.json"], "h5p.json", size_limit=1 * MB)
        main_library = _main_library(h5p_json)
        content = _read_json(archive, by_name["content/content.json"], "content/content.json")
        if not isinstance(content, dict):
            raise ValidationError("content/content.json must hold a JSON object.")
        missing = _missing_libraries(h5p_json, folders)
        if missing:
            raise ValidationError(
                f"The package does not include the libraries it needs: {', '.join(missing[:5])}. "
                "Export it again with its libraries (in the H5P editor: download with libraries)."
            )
    uploaded_file.seek(0)
    title = h5p_json.get("title") if isinstance(h5p_json.get("title"), str) else ""
    return PackageInfo(main_library=main_library[:100], title=title[:255], members=members, unpacked_size=total)


def verify_contents(uploaded_file, info):
    """Read every member once (CRC checked), so a damaged archive is refused before it is stored.

    validate_package reads only the directory; this reads the data, at most the unpacked limit.
    """
    uploaded_file.seek(0)
    name = "the archive"
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            for member in info.members:
                name = member_path(member)
                with archive.open(member) as source:
                    while source.read(MB):
                        pass
    except DAMAGED as error:
        raise ValidationError(f"The zip archive is damaged ({name} cannot be read: {error}).") from error
    finally:
        uploaded_file.seek(0)


def content_folder(package):
    return f"{CONTENT_ROOT}/{package.pk}/"


def member_path(info):
    return "/".join(part for part in info.filename.replace("\\", "/").split("/") if part not in ("", "."))


def _member_file(archive, info):
    """The member as a Django File with a known size (small files in memory, others on disk)."""
    if info.file_size <= MB:
        return ContentFile(archive.read(info)), None
    spool = tempfile.NamedTemporaryFile(suffix=".h5p-member")
    with archive.open(info) as source:  # ZipExtFile never yields more than the declared size
        shutil.copyfileobj(source, spool, 1024 * 1024)
    spool.flush()
    spool.seek(0)
    return File(spool, name=posixpath.basename(info.filename)), spool


def is_unpacked(package):
    return bool(package.unpacked_to and package.file_count and default_storage.exists(package.unpacked_to + "h5p.json"))


def remove_unpacked(package):
    """Delete the package's unpacked files (best effort; storages without listdir keep theirs)."""
    folder = package.unpacked_to or (content_folder(package) if package.pk else "")
    if not folder:
        return

    def walk(path):
        try:
            directories, files = default_storage.listdir(path)
        except (FileNotFoundError, NotImplementedError, OSError):
            return
        for name in files:
            default_storage.delete(f"{path}{name}")
        for name in directories:
            walk(f"{path}{name}/")

    walk(folder)
    if hasattr(default_storage, "path"):
        try:
            shutil.rmtree(default_storage.path(folder.rstrip("/")), ignore_errors=True)
        except NotImplementedError:
            pass


def unpack_package(package, force=False):
    """Extract the package's files to `h5p/content/<pk>/` once; returns True if it unpacked now.

    Idempotent: a package already unpacked (h5p.json present where `unpacked_to` says) is left
    alone unless `force` (used when the file is replaced). Every member goes through
    default_storage.save, so S3 works like the local disk.
    """
    if package.pk is None:
        raise ValueError("Save the package before unpacking it.")
    if not force and is_unpacked(package):
        return False
    folder = content_folder(package)
    written = []
    with package.file.open("rb") as source:
        info = validate_package(source)
        source.seek(0)
        try:
            with zipfile.ZipFile(source) as archive:
                for member in info.members:
                    target = folder + member_path(member)
                    if default_storage.exists(target):
                        default_storage.delete(target)
                    try:
                        content, spool = _member_file(archive, member)
                    except DAMAGED as error:
                        raise ValidationError(
                            f"The zip archive is damaged ({member_path(member)} cannot be read: {error})."
                        ) from error
                    try:
                        saved = default_storage.save(target, content)
                    finally:
                        if spool is not None:
                            spool.close()
                    written.append(saved)
                    if saved != target:
                        raise RuntimeError(f"Storage saved {target} as {saved}; cannot unpack the package.")
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    package.unpacked_to = folder
    package.file_count = info.file_count
    package.unpacked_size = info.unpacked_size
    package.main_library = info.main_library
    with transaction.atomic():
        package.save(update_fields=["unpacked_to", "file_count", "unpacked_size", "main_library"])
    return True


def create_package_from_path(path, title, user=None):
    """The H5PPackage for a `.h5p` on disk (validated, stored, unpacked); reused if the title exists.

    For the demo loader: `create_package_from_path(ASSETS / "budget-question.h5p", "The 50/30/20 rule")`.
    """
    from ..models import H5PPackage

    package = H5PPackage.objects.filter(title=title).first()
    if package is None:
        with open(path, "rb") as handle:
            validate_package(handle)
            handle.seek(0)
            package = H5PPackage(title=title, uploaded_by=user)
            package.file.save(posixpath.basename(str(path)), File(handle), save=False)
        package.save()
    unpack_package(package)
    return package
