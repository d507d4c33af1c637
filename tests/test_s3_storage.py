"""Uploads on S3-compatible storage, against a real local S3 server (moto's standalone server).

`.ci/run` starts `moto_server` on 127.0.0.1 and sets S3_TEST_ENDPOINT; elsewhere this module
starts one itself. Django talks to it with boto3 through django-storages, as it would to S3.
A lesson PDF and an H5P package are uploaded, stored in the bucket (private), and reach an
enrolled student: the PDF through a short-lived presigned URL, the H5P files through the
player's signed path. Others are refused before any URL is made.
"""

import io
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
from botocore.client import Config
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.tokens import issue_tokens
from courses.models import H5PPackage
from enrolment.services import enrol
from tests.support import client_as, lessons_of, put_blocks
from tests.support.h5p import MULTICHOICE, h5p_block
from tests.support.pdfs import make_document, minimal_pdf, pdf_block

pytestmark = pytest.mark.django_db
BUCKET = "lms-test-uploads"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    if os.environ.get("S3_TEST_ENDPOINT"):
        yield os.environ["S3_TEST_ENDPOINT"].rstrip("/")
        return
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(endpoint, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield endpoint
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh private bucket, and Django's default storage pointed at it (the production options)."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, config=Config(signature_version="s3v4"), **KEYS)
    name = f"{BUCKET}-{os.getpid()}-{time.monotonic_ns() % 10**9}"
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name, "endpoint_url": s3_endpoint, "region_name": KEYS["region_name"],
                "access_key": KEYS["aws_access_key_id"], "secret_key": KEYS["aws_secret_access_key"],
                "default_acl": "private", "querystring_auth": True, "querystring_expire": 300, "signature_version": "s3v4",
                "file_overwrite": False,
            },
        },
    }
    settings.WHITENOISE_AUTOREFRESH = True
    client.bucket_name = name
    return client


def keys_in(bucket, prefix=""):
    pages = bucket.get_paginator("list_objects_v2").paginate(Bucket=bucket.bucket_name, Prefix=prefix)
    return [item["Key"] for page in pages for item in page.get("Contents", [])]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def bearer(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_tokens(user).access_token}")
    return client


def test_a_lesson_pdf_lives_in_the_bucket_and_reaches_its_student_by_presigned_url(
        bucket, s3_endpoint, student, other_student, other_instructor, course, other_course):
    document = make_document("Budget worksheet", "budget-worksheet.pdf")
    lesson = put_blocks(lessons_of(course)[0], pdf_block(document, "pdf1"))
    enrol(student, course)
    enrol(other_student, other_course)

    assert keys_in(bucket, "documents/") == [document.file.name]
    assert fetch(f"{s3_endpoint}/{bucket.bucket_name}/{document.file.name}")[0] == 403  # private object

    content = bearer(student).get(f"/api/lessons/{lesson.pk}/").json()["content"]
    link = next(b["value"]["document_url"] for b in content if b["type"] == "pdf")
    answer = APIClient().get(link)
    assert answer.status_code == 302
    presigned = answer["Location"]
    assert presigned.startswith(f"{s3_endpoint}/{bucket.bucket_name}/documents/")
    query = parse_qs(urlparse(presigned).query)
    assert query["X-Amz-Expires"] == ["300"] and query["X-Amz-Signature"]
    assert fetch(presigned) == (200, minimal_pdf("Budget worksheet"))

    # The web page's link redirects its student to a presigned URL too, and refuses everyone else.
    web = client_as(student).get(document.url)
    assert web.status_code == 302 and fetch(web["Location"]) == (200, minimal_pdf("Budget worksheet"))
    for stranger in (None, other_student, other_instructor):
        refused = client_as(stranger).get(document.url)
        assert refused.status_code == 403 and "Location" not in refused
        assert bearer(stranger).get(f"/api/lessons/{lesson.pk}/").status_code in (401, 403) if stranger else True


def test_an_h5p_package_is_unpacked_into_the_bucket_and_played_only_for_its_students(
        bucket, instructor, student, other_student, other_instructor, course, other_course):
    editor = client_as(instructor)
    upload = SimpleUploadedFile("multichoice.h5p", MULTICHOICE.read_bytes(), content_type="application/zip")
    response = editor.post("/admin/snippets/courses/h5ppackage/add/", {"title": "Root of an .h5p", "file": upload})
    assert response.status_code == 302, response.content.decode()[:1000]
    package = H5PPackage.objects.get()
    stored = keys_in(bucket, package.unpacked_to)
    assert len(stored) == package.file_count == 141
    assert keys_in(bucket, "h5p/packages/") == [package.file.name]

    lesson = put_blocks(lessons_of(course)[0], h5p_block(package))
    enrol(student, course)
    enrol(other_student, other_course)

    content = bearer(student).get(f"/api/lessons/{lesson.pk}/").json()["content"]
    player = next(b["value"]["package_url"] for b in content if b["type"] == "h5p")
    token = player.rstrip("/").rsplit("/", 1)[-1]
    assert APIClient().get(player).status_code == 200
    script = APIClient().get(f"/h5p/{package.pk}/t/{token}/H5P.MultiChoice-1.14/js/multichoice.js")
    assert script.status_code == 200
    original = bucket.get_object(Bucket=bucket.bucket_name, Key=f"{package.unpacked_to}H5P.MultiChoice-1.14/js/multichoice.js")
    assert b"".join(script.streaming_content) == original["Body"].read()

    for stranger in (None, other_student, other_instructor):
        assert client_as(stranger).get(f"/h5p/{package.pk}/h5p.json").status_code in (403, 404)
