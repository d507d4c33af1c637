"""A certificate's PDF: an HTML template rendered by xhtml2pdf, with a QR code made by segno.

Images (the course's logo and signature, the QR code) go in as data: URIs, so rendering reads
nothing from the network or the disk by path, and works the same with S3 storage.
"""

import base64
import io

import segno
from django.conf import settings
from django.template.loader import render_to_string
from xhtml2pdf import pisa

from lms_site.errors import DomainError

from .certificates import completion_date, verify_url

PLATFORM_ACCENT = "#0f766e"
DEFAULT_WORDING = "has successfully completed"


class CertificateRenderError(DomainError):
    status = 500


def png_data_uri(data):
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def qr_data_uri(url):
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2, dark="#111827")
    return png_data_uri(buffer.getvalue())


def image_data_uri(image):
    """A Wagtail image as a PNG data URI, at most 600 px wide (enough for print, small in the PDF)."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition("max-600x300|format-png")
        with rendition.file.open("rb") as handle:
            return png_data_uri(handle.read())
    except Exception:  # noqa: BLE001 - a missing or broken image leaves the platform design in its place
        return None


def certificate_context(certificate):
    course = certificate.enrolment.course
    platform = getattr(settings, "WAGTAIL_SITE_NAME", "Leerhuis")
    url = verify_url(certificate)
    return {
        "certificate": certificate,
        "platform_name": platform,
        "completed_on": completion_date(certificate),
        "accent": course.certificate_accent_colour or PLATFORM_ACCENT,
        "wording": (course.certificate_wording or DEFAULT_WORDING).strip(),
        "logo": image_data_uri(course.certificate_logo),
        "signature": image_data_uri(course.certificate_signature),
        "signatory": course.certificate_signatory or certificate.instructor_name,
        "signatory_title": course.certificate_signatory_title or ("Instructor" if not course.certificate_signatory else ""),
        "verify_url": url,
        "qr": qr_data_uri(url),
    }


def render_certificate_html(certificate):
    return render_to_string("enrolment/certificates/certificate_pdf.html", certificate_context(certificate))


def render_certificate_pdf(certificate):
    """The PDF's bytes (A4 landscape, one page)."""
    output = io.BytesIO()
    result = pisa.CreatePDF(render_certificate_html(certificate), dest=output, encoding="utf-8")
    if result.err:
        raise CertificateRenderError("The certificate could not be rendered.", "render_failed")
    return output.getvalue()
