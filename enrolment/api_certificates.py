"""Certificate API: verify a code (public), generate or fetch my certificate for an enrolment."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from lms_site.schema import refusal

from .certificate_access import VerifyThrottle, pdf_link
from .certificates import completion_date, find_certificate, generate_for, verify_url

CERTIFICATE = inline_serializer("Certificate", {
    "code": serializers.CharField(help_text="The verification code, e.g. `ABCD-EFGH-JK23`."),
    "status": serializers.ChoiceField(choices=["valid", "revoked"]),
    "student_name": serializers.CharField(),
    "course_title": serializers.CharField(),
    "completed_at": serializers.DateField(help_text="The day the course was completed, in the student's timezone."),
    "issued_at": serializers.DateTimeField(),
    "pdf_url": serializers.URLField(
        allow_null=True,
        help_text="A short-lived signed link to the PDF (about 5 minutes) for its student and admins; "
                  "null for everyone else, and while the PDF is still being made.",
    ),
    "verify_url": serializers.URLField(),
})
EXAMPLE = OpenApiExample("A valid certificate", value={
    "code": "K7QM-4XPD-9RTW", "status": "valid", "student_name": "Thandi Nkosi",
    "course_title": "Budgeting basics", "completed_at": "2026-12-06", "issued_at": "2026-12-06T21:40:12Z",
    "pdf_url": None, "verify_url": "https://leerhuis.example/certificates/verify/K7QM-4XPD-9RTW/",
}, response_only=True)


def certificate_body(certificate, user):
    return {
        "code": certificate.code,
        "status": certificate.status,
        "student_name": certificate.student_name,
        "course_title": certificate.course_title,
        "completed_at": completion_date(certificate).isoformat(),
        "issued_at": certificate.issued_at,
        "pdf_url": pdf_link(user, certificate),
        "verify_url": verify_url(certificate),
    }


class VerifyCertificateView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [VerifyThrottle]

    @extend_schema(
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                     description="The code as printed; dashes, spaces and case do not matter.")],
        responses={200: CERTIFICATE, 400: refusal("Not a certificate code (code `malformed_code`)."),
                   404: refusal("No certificate has this code (code `not_found`).")},
        examples=[EXAMPLE],
    )
    def get(self, request, code):
        certificate = find_certificate(code)
        return Response(certificate_body(certificate, request.user))


class GenerateCertificateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: CERTIFICATE, 404: refusal("Not an enrolment of yours (code `not_found`)."),
                   409: refusal("The course is not complete yet (code `not_completed`).")},
        examples=[EXAMPLE],
    )
    def get(self, request, enrollment_id):
        certificate = generate_for(request.user, enrollment_id)
        return Response(certificate_body(certificate, request.user))
