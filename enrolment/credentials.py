"""Each certificate as an Open Badges 3.0 credential: a W3C Verifiable Credential, signed as a VC-JWT.

The platform signs with one Ed25519 key, CREDENTIAL_SIGNING_KEY (32 random bytes, base64url;
`manage.py new_credential_key` makes one; production refuses to start without it). Its public
half is published as a JSON Web Key Set at `/.well-known/jwks.json`, so anyone can check a
credential without asking us. `verify_credential` is what the verification page runs on a pasted
or uploaded credential: the signature must hold under the published key (one changed byte and it
does not), and the certificate it names must exist here, `revoked` when an admin revoked it.
"""

import base64
import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from lms_site.links import absolute_url

from .certificates import completion_date, normalise_code, verify_url
from .models import Certificate

ALGORITHM = "EdDSA"
MAX_CREDENTIAL_BYTES = 64 * 1024
OB3_CONTEXT = [
    "https://www.w3.org/2018/credentials/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_key_text():
    """A fresh private key as CREDENTIAL_SIGNING_KEY expects it."""
    return b64url(Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()))


def signing_key():
    """The platform's private key: CREDENTIAL_SIGNING_KEY, or in development one derived from SECRET_KEY."""
    text = getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
    if text:
        try:
            seed = unb64url(text.strip())
        except (ValueError, TypeError):
            seed = b""
        if len(seed) != 32:
            raise ImproperlyConfigured("CREDENTIAL_SIGNING_KEY must be 32 bytes in base64url (manage.py new_credential_key).")
    else:
        seed = hashlib.sha256(b"leerhuis-credential-key:" + settings.SECRET_KEY.encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key():
    return signing_key().public_key()


def public_raw():
    return public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id():
    return b64url(hashlib.sha256(public_raw()).digest()[:12])


def jwks():
    """The JSON Web Key Set published at /.well-known/jwks.json."""
    return {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": b64url(public_raw()), "kid": key_id(), "use": "sig",
                      "alg": ALGORITHM}]}


def issuer_profile():
    return {"id": absolute_url("/"), "type": ["Profile"], "name": settings.WAGTAIL_SITE_NAME,
            "url": absolute_url("/")}


def credential_document(certificate):
    """The OpenBadgeCredential (Verifiable Credential data model) for a certificate."""
    course = certificate.enrolment.course
    issued = certificate.issued_at.isoformat().replace("+00:00", "Z")
    return {
        "@context": OB3_CONTEXT,
        "id": verify_url(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(),
        "issuanceDate": issued,
        "validFrom": issued,
        "name": f"{certificate.course_title}: certificate of completion",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                            "identityHash": certificate.student_name}],
            "activityEndDate": completion_date(certificate).isoformat(),
            "achievement": {
                "id": absolute_url(course.url or "/"),
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.course_title,
                "description": f"Completed every lesson of {certificate.course_title}.",
                "criteria": {"narrative": "Complete every lesson of the course."},
                "creator": issuer_profile(),
            },
        },
    }


def sign_credential(certificate):
    """The credential as a compact VC-JWT (EdDSA over Ed25519)."""
    document = credential_document(certificate)
    claims = {
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "sub": certificate.student_name,
        "nbf": int(certificate.issued_at.timestamp()),
        "iat": int(certificate.issued_at.timestamp()),
        "vc": document,
    }
    return jwt.encode(claims, signing_key(), algorithm=ALGORITHM, headers={"kid": key_id(), "typ": "JWT"})


@dataclass
class CredentialCheck:
    """What the verification page says about a credential: valid, revoked, unknown or invalid."""

    outcome: str
    message: str
    certificate: Certificate | None = None


def verify_credential(text):
    """Check a pasted or uploaded VC-JWT against the published key and our records."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    token = (text or "").strip()
    if not token:
        return CredentialCheck("invalid", "Paste a credential or choose its file.")
    if len(token) > MAX_CREDENTIAL_BYTES or token.count(".") != 2:
        return CredentialCheck("invalid", "This is not a signed credential from this site (a VC-JWT).")
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM or header.get("kid") != key_id():
            return CredentialCheck("invalid", "This credential was not signed with this site's key.")
        claims = jwt.decode(token, public_key(), algorithms=[ALGORITHM], options={
            "require": ["iss", "jti", "vc"], "verify_aud": False})
    except jwt.PyJWTError:
        return CredentialCheck("invalid", "The signature does not match: this credential was changed or is not ours.")
    document = claims.get("vc") if isinstance(claims.get("vc"), dict) else {}
    code = normalise_code(urlsplit(str(claims.get("jti", ""))).path.rstrip("/").rsplit("/", 1)[-1])
    if code is None or document.get("id") != claims.get("jti"):
        return CredentialCheck("invalid", "This credential names no certificate.")
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        return CredentialCheck("unknown", "The signature is ours, but no certificate has this code any more.")
    if certificate.is_revoked:
        return CredentialCheck("revoked", "This certificate was revoked.", certificate)
    return CredentialCheck("valid", "This credential is genuine and its certificate is valid.", certificate)


def linkedin_url(certificate):
    """LinkedIn's "Add licence or certification" form, filled in with this certificate."""
    issued = certificate.issued_at
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.course_title,
        "organizationName": settings.WAGTAIL_SITE_NAME,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": verify_url(certificate),
        "certId": certificate.code,
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


def credential_filename(certificate):
    return f"certificate-{certificate.code}.jwt"


def jwks_path():
    return reverse("credential-jwks")
