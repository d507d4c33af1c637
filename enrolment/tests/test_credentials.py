"""Open Badges 3.0 credentials: signed with the platform's Ed25519 key, checked against the published JWKS."""

import base64
import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from urllib.parse import parse_qs, urlsplit

from enrolment.certificates import revoke
from enrolment.credentials import sign_credential, verify_credential
from enrolment.models import Certificate
from enrolment.services import enrol, mark_complete
from tests.support import client_as, lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "private")}}}


@pytest.fixture
def certificate(student, course, django_capture_on_commit_callbacks):
    enrolment, _ = enrol(student, course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in lessons_of(course):
            mark_complete(student, lesson, enrolment)
    return Certificate.objects.get(enrolment=enrolment)


def published_key():
    """The public key as a stranger gets it: from /.well-known/jwks.json, not from our code."""
    keys = client_as(None).get("/.well-known/jwks.json").json()["keys"]
    assert len(keys) == 1 and keys[0]["kty"] == "OKP" and keys[0]["crv"] == "Ed25519"
    x = keys[0]["x"]
    return Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))), keys[0]["kid"]


def downloaded(student, certificate):
    response = client_as(student).get(f"/certificates/{certificate.code}/credential/")
    assert response.status_code == 200 and response["Content-Type"] == "application/jwt"
    return response.content.decode()


def test_the_credential_verifies_with_the_published_key(certificate, student):
    token = downloaded(student, certificate)
    key, kid = published_key()
    assert jwt.get_unverified_header(token)["kid"] == kid
    claims = jwt.decode(token, key, algorithms=["EdDSA"])
    credential = claims["vc"]
    assert "OpenBadgeCredential" in credential["type"] and "VerifiableCredential" in credential["type"]
    assert credential["credentialSubject"]["achievement"]["name"] == certificate.course_title
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == "Thandi Nkosi"
    assert credential["id"].endswith(f"/certificates/verify/{certificate.code}/")
    assert verify_credential(token).outcome == "valid"


@pytest.mark.parametrize("part", [0, 1, 2])
def test_one_changed_byte_breaks_the_credential(certificate, part):
    token = sign_credential(certificate)
    pieces = token.split(".")
    middle = len(pieces[part]) // 2
    changed = "A" if pieces[part][middle] != "A" else "B"
    pieces[part] = pieces[part][:middle] + changed + pieces[part][middle + 1:]
    tampered = ".".join(pieces)
    key, _ = published_key()
    with pytest.raises(jwt.PyJWTError):
        jwt.decode(tampered, key, algorithms=["EdDSA"])
    assert verify_credential(tampered).outcome == "invalid"


def test_a_credential_with_a_changed_name_does_not_verify(certificate):
    header, payload, signature = sign_credential(certificate).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc"]["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert verify_credential(f"{header}.{forged}.{signature}").outcome == "invalid"


def test_a_revoked_certificates_credential_verifies_as_revoked(certificate, admin_user):
    token = sign_credential(certificate)
    revoke(certificate, admin_user, "Issued in error")
    check = verify_credential(token)
    assert check.outcome == "revoked"


def test_the_verification_page_checks_a_pasted_credential(certificate):
    response = client_as(None).post("/certificates/verify/", {"credential": sign_credential(certificate)})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-status="valid"' in body and "Thandi Nkosi" in body


def test_the_verification_page_checks_an_uploaded_credential(certificate, admin_user):
    upload = SimpleUploadedFile("certificate.jwt", sign_credential(certificate).encode(), "application/jwt")
    revoke(certificate, admin_user, "Issued in error")
    response = client_as(None).post("/certificates/verify/", {"credential_file": upload})
    assert response.status_code == 200 and 'data-status="revoked"' in response.content.decode()


@pytest.mark.parametrize("text", ["", "not a credential", "a.b.c", "x" * 70000, "eyJhbGciOiJub25lIn0.e30."])
def test_the_verification_page_refuses_garbage_clearly(db, text):
    response = client_as(None).post("/certificates/verify/", {"credential": text})
    assert response.status_code == 400
    assert "Credential not verified" in response.content.decode()


def test_a_credential_signed_with_another_key_is_refused(certificate, settings):
    from enrolment.credentials import new_key_text

    settings.CREDENTIAL_SIGNING_KEY = new_key_text()
    foreign = sign_credential(certificate)
    settings.CREDENTIAL_SIGNING_KEY = new_key_text()
    assert verify_credential(foreign).outcome == "invalid"


def test_new_credential_key_prints_a_usable_key(capsys, settings, certificate):
    call_command("new_credential_key")
    key = capsys.readouterr().out.strip()
    assert len(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))) == 32
    settings.CREDENTIAL_SIGNING_KEY = key
    assert verify_credential(sign_credential(certificate)).outcome == "valid"


def test_the_linkedin_link_fills_in_the_certification(certificate, student):
    response = client_as(student).get(f"/certificates/{certificate.code}/linkedin/")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.netloc == "www.linkedin.com" and url.path == "/profile/add"
    query = parse_qs(url.query)
    assert query["name"] == [certificate.course_title] and query["certId"] == [certificate.code]
    assert query["organizationName"] == ["Leerhuis"] and query["certUrl"][0].endswith(f"/verify/{certificate.code}/")
    assert query["issueYear"] == [str(certificate.issued_at.year)]


def test_the_jwks_is_public_and_cacheable(db):
    response = client_as(None).get("/.well-known/jwks.json")
    assert response.status_code == 200 and "max-age" in response["Cache-Control"]
