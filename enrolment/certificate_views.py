"""Certificate pages: public verification (a code, or a pasted/uploaded credential), the owner's downloads, the JWKS."""

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_safe

from .certificate_access import open_pdf_link, verification_allowed
from .certificates import completion_date, find_certificate, may_download, normalise_code
from .credentials import (
    MAX_CREDENTIAL_BYTES, credential_filename, jwks, linkedin_url, sign_credential, verify_credential,
)
from .errors import EnrolmentError
from .file_views import stored_locally
from .models import Certificate

VERIFY_TEMPLATE = "enrolment/certificates/verify.html"


def too_many(request):
    response = TemplateResponse(request, VERIFY_TEMPLATE, {"error": "Too many checks from your connection. "
                                                           "Wait a minute and try again."}, status=429)
    response["Retry-After"] = str(request.retry_after or 60)
    return response


def no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    """GET: the form (or ?code=... sent by it). POST: a pasted or uploaded credential."""
    if request.method == "POST":
        if not verification_allowed(request):
            return too_many(request)
        upload = request.FILES.get("credential_file")
        if upload is not None:
            text = upload.read(MAX_CREDENTIAL_BYTES + 1) if upload.size <= MAX_CREDENTIAL_BYTES else b"x" * (MAX_CREDENTIAL_BYTES + 1)
        else:
            text = request.POST.get("credential", "")
        check = verify_credential(text)
        status = {"valid": 200, "revoked": 200, "unknown": 404}.get(check.outcome, 400)
        context = {"credential_check": check}
        if check.certificate is not None:
            context["certificate"] = check.certificate
            context["completed_on"] = completion_date(check.certificate)
        return no_store(TemplateResponse(request, VERIFY_TEMPLATE, context, status=status))
    code = request.GET.get("code")
    if code is None:
        return TemplateResponse(request, VERIFY_TEMPLATE, {})
    canonical = normalise_code(code)
    if canonical is None:
        if not verification_allowed(request):
            return too_many(request)
        return TemplateResponse(request, VERIFY_TEMPLATE, {
            "error": "That is not a certificate code: it has 12 letters and digits, like ABCD-EFGH-JK23.",
            "typed": code[:40]}, status=400)
    return redirect("certificate-verify-code", code=canonical)


@require_safe
def verify_code(request, code):
    """Valid (name, course, date), revoked, or not found: only what the certificate itself shows."""
    if not verification_allowed(request):
        return too_many(request)
    try:
        certificate = find_certificate(code)
    except EnrolmentError as error:
        return TemplateResponse(request, VERIFY_TEMPLATE, {"error": error.message, "typed": code[:40]},
                                status=error.status)
    return TemplateResponse(request, VERIFY_TEMPLATE, {
        "certificate": certificate, "completed_on": completion_date(certificate),
        "may_download": may_download(request.user, certificate),
    })


def owned_certificate(request, code):
    """The certificate for its student or an admin; 404 for an unknown code, 403 for anyone else."""
    canonical = normalise_code(code)
    certificate = Certificate.objects.select_related("enrolment", "enrolment__user").filter(code=canonical).first()
    if canonical is None or certificate is None:
        raise Http404("No such certificate.")
    if not may_download(request.user, certificate):
        return None, certificate
    return certificate, certificate


def refused(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return TemplateResponse(request, "403.html", {"exception": "This certificate belongs to someone else."}, status=403)


def pdf_response(certificate):
    if not stored_locally(certificate.pdf):
        return no_store(redirect(certificate.pdf.url))
    response = FileResponse(certificate.pdf.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename=f"certificate-{certificate.code}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


@require_safe
def download_pdf(request, code):
    certificate, _ = owned_certificate(request, code)
    if certificate is None:
        return refused(request)
    if not certificate.pdf:
        raise Http404("The certificate's PDF is still being made. Try again in a minute.")
    return pdf_response(certificate)


@require_safe
def download_credential(request, code):
    certificate, _ = owned_certificate(request, code)
    if certificate is None:
        return refused(request)
    response = HttpResponse(sign_credential(certificate), content_type="application/jwt")
    response["Content-Disposition"] = f'attachment; filename="{credential_filename(certificate)}"'
    return no_store(response)


@require_safe
def linkedin(request, code):
    certificate, _ = owned_certificate(request, code)
    if certificate is None:
        return refused(request)
    return redirect(linkedin_url(certificate))


@require_safe
def signed_file(request, token, filename):
    """`pdf_url` of the API: the signed link is the permission (API clients without a session)."""
    try:
        certificate = open_pdf_link(token)
    except EnrolmentError as error:
        return no_store(JsonResponse(error.body(), status=error.status))
    return pdf_response(certificate)


@require_safe
def jwks_view(request):
    response = JsonResponse(jwks())
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response
