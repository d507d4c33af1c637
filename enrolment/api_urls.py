from django.urls import path

from lms_site import converters  # noqa: F401  (registers <id:...>)

from . import ai_tool_api, api, api_certificates, api_courses, api_documents, xapi

urlpatterns = [
    path("courses/<id:pk>/", api_courses.CourseDetailView.as_view(), name="api-course"),
    path("courses/<id:pk>/sections/", api_courses.CourseSectionsView.as_view(), name="api-course-sections"),
    path("courses/<id:pk>/enroll/", api.EnrolView.as_view(), name="api-enrol"),
    path("me/enrollments/", api.MyEnrolmentsView.as_view(), name="api-my-enrolments"),
    path("lessons/<id:pk>/", api.LessonDetailView.as_view(), name="api-lesson"),
    path("lessons/<id:pk>/progress/", api.LessonProgressView.as_view(), name="api-lesson-progress"),
    path("lessons/<id:pk>/complete/", api.LessonCompleteView.as_view(), name="api-lesson-complete"),
    path("xapi/statements/", xapi.XAPIStatementView.as_view(), name="api-xapi-statements"),
    path(
        "lessons/<id:pk>/documents/<str:block_id>/opened/",
        api_documents.DocumentOpenedView.as_view(),
        name="api-document-opened",
    ),
    path("certificates/verify/<str:code>/", api_certificates.VerifyCertificateView.as_view(),
         name="api-certificate-verify"),
    path("certificates/<id:enrollment_id>/generate/", api_certificates.GenerateCertificateView.as_view(),
         name="api-certificate-generate"),
    path("ai-tools/validate-token/", ai_tool_api.ValidateTokenView.as_view(), name="api-ai-tool-validate"),
    path("ai-tools/complete/", ai_tool_api.CompleteView.as_view(), name="api-ai-tool-complete"),
]
