"""Who may fetch a certificate's files, how, and how often anyone may ask about codes.

The PDF and the credential go to their student and to admins: on the site through the session,
for API clients through `pdf_url`, a short-lived signed link bound to the user (as lesson files,
`file_links`), checked again when used. Verification (pages and API) is public and rate limited
per client address (`CERTIFICATE_VERIFY_RATE`, default 30 a minute).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from lms_site.links import absolute_url

from .certificates import may_download
from .errors import EnrolmentError
from .file_links import EXPIRED, read_signed, sign
from .models import Certificate

SALT = "enrolment.certificate-link"


class VerifyThrottle(SimpleRateThrottle):
    """Per client address; the rate is read from settings on every request (tests change it)."""

    scope = "certificate_verify"

    def get_rate(self):
        return getattr(settings, "CERTIFICATE_VERIFY_RATE", "30/min")

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def verification_allowed(request):
    """False when this client has asked too often (HTML views; the API uses the throttle class itself)."""
    throttle = VerifyThrottle()
    allowed = throttle.allow_request(request, None)
    request.retry_after = None if allowed else int(throttle.wait() or 60)
    return allowed


def pdf_link(user, certificate):
    """An absolute, short-lived link to the PDF for this user, or None when they may not have it."""
    if not certificate.pdf or not may_download(user, certificate):
        return None
    token = sign({"c": certificate.pk, "u": user.pk}, salt=SALT)
    return absolute_url(reverse("certificate-file", args=[token, f"certificate-{certificate.code}.pdf"]))


def open_pdf_link(token):
    """The certificate of a genuine, fresh link whose user may still download it; EnrolmentError otherwise."""
    data = read_signed(token, salt=SALT)
    if not isinstance(data, dict) or not {"c", "u"} <= set(data):
        raise EnrolmentError(EXPIRED, "link_expired", status=403)
    user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
    certificate = Certificate.objects.select_related("enrolment").filter(pk=data["c"]).first()
    if user is None or certificate is None or not may_download(user, certificate):
        raise EnrolmentError(EXPIRED, "link_expired", status=403)
    if not certificate.pdf:
        raise EnrolmentError("The certificate's PDF is still being made. Try again in a minute.", "pending", status=404)
    return certificate
