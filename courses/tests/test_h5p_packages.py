"""H5P packages: the real fixture validates and unpacks once; malformed packages are refused with a
clear message and nothing stored, by the function and through the Wagtail snippet editor."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.h5p import (
    ALLOWED_EXTENSIONS, create_package_from_path, human_size, unpack_package, validate_package, verify_contents,
)
from courses.models import H5PPackage
from tests.support.h5p import DATA as FIXTURES, MULTICHOICE, h5p_preview_course as h5p_course

ADD_URL = "/admin/snippets/courses/h5ppackage/add/"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WHITENOISE_AUTOREFRESH = True
    return settings.MEDIA_ROOT


def fixture_bytes(name="multichoice.h5p"):
    return (FIXTURES / name).read_bytes()


def stored_files(root):
    root = Path(root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def make_zip(members, *, symlink=None):
    """An in-memory zip: members is {name: bytes or str}; symlink=(name, target) adds a link entry."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink[0])
            info.external_attr = (0o120777 << 16)
            archive.writestr(info, symlink[1])
    return buffer.getvalue()


H5P_JSON = json.dumps({
    "title": "Tiny", "mainLibrary": "H5P.Tiny", "language": "en", "embedTypes": ["div"],
    "preloadedDependencies": [{"machineName": "H5P.Tiny", "majorVersion": 1, "minorVersion": 0}],
})


def good_members(**extra):
    members = {
        "h5p.json": H5P_JSON,
        "content/content.json": json.dumps({"question": "?"}),
        "H5P.Tiny-1.0/library.json": json.dumps({"machineName": "H5P.Tiny"}),
        "H5P.Tiny-1.0/tiny.js": "var x = 1;",
    }
    members.update(extra)
    return members


def upload(data, name="activity.h5p"):
    return SimpleUploadedFile(name, data, content_type="application/zip")


# --- the real package ---------------------------------------------------------------------------


def test_the_multichoice_fixture_validates():
    info = validate_package(io.BytesIO(fixture_bytes()))

    assert info.main_library == "H5P.MultiChoice 1.14"
    assert info.title.startswith("Fixture: which file sits at the root")
    assert info.file_count == 141
    assert info.unpacked_size == sum(m.file_size for m in info.members)
    assert 1_600_000 < info.unpacked_size < 1_700_000


def test_the_truefalse_fixture_validates_skipping_its_directory_entries():
    info = validate_package(io.BytesIO(fixture_bytes("truefalse.h5p")))

    assert info.main_library == "H5P.TrueFalse 1.6"
    assert all(not m.filename.endswith("/") for m in info.members)


def test_the_fixture_says_where_it_comes_from_and_its_licences():
    note = (FIXTURES / "README.md").read_text()
    assert "multichoice.h5p" in note and "CC0" in note and "MIT" in note


@pytest.mark.django_db
def test_unpack_writes_every_file_once_under_the_packages_folder(private_media, instructor):
    package = H5PPackage(title="Root of an .h5p", uploaded_by=instructor)
    package.file.save("multichoice.h5p", SimpleUploadedFile("multichoice.h5p", fixture_bytes()), save=False)
    package.save()

    assert unpack_package(package) is True
    package.refresh_from_db()
    folder = f"h5p/content/{package.pk}/"
    assert package.unpacked_to == folder
    assert package.file_count == 141
    assert package.main_library == "H5P.MultiChoice 1.14"
    assert default_storage.exists(folder + "h5p.json")
    assert default_storage.exists(folder + "content/content.json")
    assert default_storage.exists(folder + "H5P.MultiChoice-1.14/library.json")
    unpacked = [p for p in stored_files(private_media) if p.startswith(folder)]
    assert len(unpacked) == 141
    assert sum((Path(private_media) / p).stat().st_size for p in unpacked) == package.unpacked_size
    with default_storage.open(folder + "h5p.json") as handle:
        assert json.load(handle)["mainLibrary"] == "H5P.MultiChoice"

    # Idempotent: a second call writes nothing (no renamed duplicates either).
    before = stored_files(private_media)
    assert unpack_package(package) is False
    assert stored_files(private_media) == before


@pytest.mark.django_db
def test_create_package_from_path_is_reused_by_title(private_media):
    first = create_package_from_path(MULTICHOICE, "Demo: root of an .h5p")
    second = create_package_from_path(MULTICHOICE, "Demo: root of an .h5p")

    assert first.pk == second.pk and H5PPackage.objects.count() == 1
    assert first.file_count == 141 and default_storage.exists(first.unpacked_to + "h5p.json")


# --- malformed packages, by the function -----------------------------------------------------


BAD_PACKAGES = {
    "not a zip": (lambda: b"%PDF-1.4 this is not a zip at all", "This file is not a zip archive"),
    "empty file": (lambda: b"", "This file is not a zip archive"),
    "missing h5p.json": (
        lambda: make_zip({k: v for k, v in good_members().items() if k != "h5p.json"}), "h5p.json is missing"
    ),
    "missing content.json": (
        lambda: make_zip({k: v for k, v in good_members().items() if k != "content/content.json"}),
        "content/content.json is missing",
    ),
    "h5p.json not JSON": (lambda: make_zip(good_members(**{"h5p.json": "{nope"})), "h5p.json is not valid JSON"),
    "no mainLibrary": (
        lambda: make_zip(good_members(**{"h5p.json": json.dumps({"title": "x"})})), "h5p.json does not name its mainLibrary"
    ),
    "dot-dot path": (
        lambda: make_zip(good_members(**{"../x.js": "alert(1)"})), "The package contains a path that leaves its folder: ../x.js"
    ),
    "dot-dot inside": (
        lambda: make_zip(good_members(**{"content/../../etc/x.json": "{}"})),
        "The package contains a path that leaves its folder: content/../../etc/x.json",
    ),
    "absolute path": (
        lambda: make_zip(good_members(**{"/etc/evil.json": "{}"})), "The package contains an absolute path: /etc/evil.json"
    ),
    "windows absolute path": (
        lambda: make_zip(good_members(**{"C:/evil.json": "{}"})), "The package contains an absolute path: C:/evil.json"
    ),
    "symbolic link": (
        lambda: make_zip(good_members(), symlink=("content/link.json", "/etc/passwd")),
        "The package contains a symbolic link, which is not allowed: content/link.json",
    ),
    "php file": (
        lambda: make_zip(good_members(**{"content/shell.php": "<?php ?>"})),
        "The package contains content/shell.php: .php files are not allowed in H5P packages.",
    ),
    "html file": (
        lambda: make_zip(good_members(**{"H5P.Tiny-1.0/page.html": "<script>"})),
        "The package contains H5P.Tiny-1.0/page.html: .html files are not allowed",
    ),
    "no extension": (
        lambda: make_zip(good_members(**{"content/README": "hi"})),
        "The package contains content/README: files without an extension are not allowed",
    ),
    "h5p.json nested 100000 deep": (
        lambda: make_zip(good_members(**{"h5p.json": "[" * 100_000 + "]" * 100_000})),
        "h5p.json is not usable: The JSON is nested more than 200 levels deep.",
    ),
    "content.json nested 300 deep": (
        lambda: make_zip(good_members(**{"content/content.json": '{"a":' * 300 + "1" + "}" * 300})),
        "content/content.json is not usable: The JSON is nested more than 200 levels deep.",
    ),
    "missing library": (
        lambda: make_zip({k: v for k, v in good_members().items() if not k.startswith("H5P.Tiny")}),
        "The package does not include the libraries it needs: H5P.Tiny-1.0.",
    ),
}


@pytest.mark.parametrize("case", BAD_PACKAGES)
def test_malformed_packages_are_refused_with_a_clear_message(case):
    build, message = BAD_PACKAGES[case]
    with pytest.raises(ValidationError) as refused:
        validate_package(io.BytesIO(build()))
    assert message in refused.value.messages[0]


def test_a_package_too_big_unpacked_is_refused(settings):
    settings.H5P_MAX_UNPACKED_SIZE = 150 * 1024 * 1024
    data = make_zip(good_members(**{"content/big.txt": b"0" * (180 * 1024 * 1024)}))  # compresses to ~180 KB
    settings.H5P_MAX_FILE_SIZE = 200 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        validate_package(io.BytesIO(data))
    assert refused.value.messages[0] == "The package is 180 MB unpacked; the limit is 150 MB."


def test_size_and_count_limits_come_from_settings(settings):
    data = make_zip(good_members(**{"content/a.txt": b"a" * 5000, "content/b.txt": b"b" * 10}))
    assert validate_package(io.BytesIO(data)).file_count == 6

    settings.H5P_MAX_FILE_SIZE = 4000
    with pytest.raises(ValidationError) as refused:
        validate_package(io.BytesIO(data))
    assert refused.value.messages == ["content/a.txt is 5 KB unpacked; one file can be at most 4 KB."]
    del settings.H5P_MAX_FILE_SIZE

    settings.H5P_MAX_FILES = 5
    with pytest.raises(ValidationError, match="more than 5 files"):
        validate_package(io.BytesIO(data))
    del settings.H5P_MAX_FILES

    settings.H5P_MAX_UPLOAD_SIZE = 100
    with pytest.raises(ValidationError) as refused:
        validate_package(io.BytesIO(data))
    assert refused.value.messages == [f"The package is {len(data)} bytes; the limit is 100 bytes."]


def test_dotfiles_and_macos_folders_are_skipped_not_refused():
    data = make_zip(good_members(**{"__MACOSX/._h5p.json": b"\x00\x05", ".DS_Store": b"\x00", "content/.hidden": "x"}))
    info = validate_package(io.BytesIO(data))
    assert sorted(m.filename for m in info.members) == sorted(good_members())


def test_the_whitelist_is_h5ps_own():
    assert {"json", "js", "css", "png", "woff2", "mp4", "vtt", "glb"} <= ALLOWED_EXTENSIONS
    assert not {"html", "htm", "php", "exe", "sh", "py", "svgz"} & ALLOWED_EXTENSIONS


def test_sizes_read_like_people_write_them():
    assert human_size(180 * 1024 * 1024) == "180 MB"
    assert human_size(int(1.4 * 1024 * 1024)) == "1.4 MB"
    assert human_size(2 * 1024 * 1024) == "2 MB"
    assert human_size(5000) == "5 KB" and human_size(100) == "100 bytes"


def damaged_zip():
    """A good package whose library script has one byte of its compressed data flipped (bad CRC)."""
    data = bytearray(make_zip(good_members(**{"H5P.Tiny-1.0/tiny.js": "var x = 1;" * 500})))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("H5P.Tiny-1.0/tiny.js")
    header = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[header + info.compress_size // 2] ^= 0xFF
    return bytes(data)


def test_a_damaged_member_is_found_before_anything_is_stored():
    data = damaged_zip()
    info = validate_package(io.BytesIO(data))  # the directory and the JSON files are intact
    with pytest.raises(ValidationError) as refused:
        verify_contents(io.BytesIO(data), info)
    assert refused.value.messages[0].startswith("The zip archive is damaged (H5P.Tiny-1.0/tiny.js cannot be read:")


def test_a_real_content_tree_nests_well_within_the_limit():
    info = validate_package(io.BytesIO(make_zip(good_members(**{
        "content/content.json": '{"a":' * 60 + "1" + "}" * 60,
    }))))
    assert info.file_count == 4


# --- the Wagtail snippet editor --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("case", [
    "not a zip", "missing h5p.json", "dot-dot path", "absolute path", "symbolic link",
    "h5p.json nested 100000 deep", "content.json nested 300 deep", "damaged member",
])
def test_the_editor_refuses_a_malformed_package_and_stores_nothing(client, instructor, private_media, case):
    build, message = BAD_PACKAGES.get(case) or (damaged_zip, "The zip archive is damaged (H5P.Tiny-1.0/tiny.js")
    client.force_login(instructor)

    response = client.post(ADD_URL, {"title": "Broken", "file": upload(build())})

    assert response.status_code == 200  # the form again, with the error
    assert message in response.content.decode()
    assert H5PPackage.objects.count() == 0
    assert stored_files(private_media) == []


@pytest.mark.django_db
def test_the_editor_refuses_an_oversized_package_and_stores_nothing(client, instructor, private_media, settings):
    settings.H5P_MAX_UNPACKED_SIZE = 1024 * 1024  # 1 MB: the real fixture unpacks to 1.6 MB
    client.force_login(instructor)

    response = client.post(ADD_URL, {"title": "Too big", "file": upload(fixture_bytes())})

    assert response.status_code == 200
    assert "The package is 1.6 MB unpacked; the limit is 1 MB." in response.content.decode()
    assert H5PPackage.objects.count() == 0
    assert stored_files(private_media) == []


@pytest.mark.django_db
def test_the_editor_refuses_a_file_not_named_h5p(client, instructor, private_media):
    client.force_login(instructor)
    response = client.post(ADD_URL, {"title": "Zip", "file": upload(fixture_bytes(), name="activity.zip")})
    assert "Upload an .h5p file (this one is called activity.zip)." in response.content.decode()
    assert H5PPackage.objects.count() == 0 and stored_files(private_media) == []


@pytest.mark.django_db
def test_an_instructor_uploads_the_fixture_and_it_is_unpacked(client, instructor, private_media):
    client.force_login(instructor)

    response = client.post(ADD_URL, {"title": "Root of an .h5p", "file": upload(fixture_bytes(), "multichoice.h5p")})

    assert response.status_code == 302, response.content.decode()[:2000]
    package = H5PPackage.objects.get()
    assert package.uploaded_by == instructor
    assert package.main_library == "H5P.MultiChoice 1.14"
    assert package.file_count == 141
    assert default_storage.exists(package.unpacked_to + "H5P.MultiChoice-1.14/js/multichoice.js")
    assert package.file.name.startswith("h5p/packages/")


@pytest.mark.django_db
def test_replacing_the_file_unpacks_the_new_one(client, admin_user, private_media):
    client.force_login(admin_user)
    client.post(ADD_URL, {"title": "Swap", "file": upload(fixture_bytes(), "multichoice.h5p")})
    package = H5PPackage.objects.get()
    old_file = package.file.name

    response = client.post(
        f"/admin/snippets/courses/h5ppackage/edit/{package.pk}/",
        {"title": "Swap", "file": upload(fixture_bytes("truefalse.h5p"), "truefalse.h5p")},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    package.refresh_from_db()
    assert package.main_library == "H5P.TrueFalse 1.6"
    assert default_storage.exists(package.unpacked_to + "H5P.TrueFalse-1.6/library.json")
    assert not default_storage.exists(package.unpacked_to + "H5P.MultiChoice-1.14/library.json")
    assert not default_storage.exists(old_file)


@pytest.mark.django_db
def test_instructors_add_and_view_packages_and_moderators_also_change_any(instructor, moderator, student):
    assert {p for p in ("add", "change", "view") if instructor.has_perm(f"courses.{p}_h5ppackage")} == {"add", "view"}
    assert {p for p in ("add", "change", "view") if moderator.has_perm(f"courses.{p}_h5ppackage")} == {"add", "change", "view"}
    for user in (instructor, moderator):
        assert not user.has_perm("courses.delete_h5ppackage")
    assert not student.has_perm("courses.add_h5ppackage")
    assert Permission.objects.filter(codename="add_h5ppackage", group__name=settings.INSTRUCTORS_GROUP).exists()


@pytest.mark.django_db
def test_a_student_cannot_open_the_package_editor(client, student):
    client.force_login(student)
    response = client.get(ADD_URL)
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_instructors_list_and_choose_packages_in_the_editor(client, instructor, private_media):
    package = create_package_from_path(MULTICHOICE, "Root of an .h5p")
    client.force_login(instructor)

    listing = client.get("/admin/snippets/courses/h5ppackage/")
    chooser = client.get("/admin/snippets/choose/courses/h5ppackage/")
    form = client.get(ADD_URL)

    assert listing.status_code == 200 and "Root of an .h5p" in listing.content.decode()
    assert "H5P.MultiChoice 1.14" in listing.content.decode()
    assert chooser.status_code == 200 and "Root of an .h5p" in chooser.content.decode()
    assert form.status_code == 200 and "exported with its libraries" in form.content.decode()
    assert package.file_count == 141


def test_an_instructor_cannot_replace_another_instructors_h5p_package(client, instructor, other_instructor):
    _, package = h5p_course(instructor)
    client.force_login(other_instructor)
    response = client.post(f"/admin/snippets/courses/h5ppackage/edit/{package.pk}/", {"title": "Hijacked"})
    assert response.status_code in (302, 403)
    package.refresh_from_db()
    assert package.title == "Quiz package"


def test_an_instructor_edits_their_own_h5p_package(client, instructor):
    _, package = h5p_course(instructor)
    client.force_login(instructor)
    assert client.get(f"/admin/snippets/courses/h5ppackage/edit/{package.pk}/").status_code == 200
