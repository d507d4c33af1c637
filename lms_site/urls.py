from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from lms_site import converters  # noqa: F401  (registers <id:...>)
from lms_site import routing
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from enrolment import certificate_views, file_views, h5p_views
from enrolment import views as enrolment_views
from home.views import healthz, public_media

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/verify-email/send-again/", account_views.resend_verification, name="account_resend_verification"),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", enrolment_views.dashboard, name="dashboard"),
    path("enrol/<id:course_id>/", enrolment_views.enrol_view, name="enrol"),
    path("lessons/<id:lesson_id>/complete/", enrolment_views.complete_view, name="complete-lesson"),
    path("certificates/", include("enrolment.certificate_urls")),
    path("notifications/", include("notifications.urls")),
    path(".well-known/jwks.json", certificate_views.jwks_view, name="credential-jwks"),
    path("files/<str:token>/<str:filename>", file_views.serve_document_link, name="file-link"),
    path("", include("assessments.urls")),
    path("", include("payments.urls")),
    path("h5p/play/<str:token>/", h5p_views.player, name="h5p-player"),
    path("h5p/<id:package_id>/t/<str:token>/<path:path>", h5p_views.serve_player_file, name="h5p-player-file"),
    path("h5p/<id:package_id>/<path:path>", h5p_views.serve_package_file, name="h5p-file"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/auth/", include("accounts.api_urls")),
    path("api/", include("courses.api_urls")),
    path("api/", include("enrolment.api_urls")),
    path("api/", include("assessments.api_urls")),
    path("api/", include("notifications.api_urls")),
    path("example-ai-tool/", include("example_ai_tool.urls")),
]

if settings.DEBUG:
    # Development serves uploads itself, except lesson documents and H5P content, which are only
    # reachable through their access-checked views (/documents/..., /h5p/...).
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", public_media)]

urlpatterns += [
    # Pages are routed from the cache (lms_site.routing) before Wagtail's own serve view; Wagtail's
    # "_util/" views keep their routes.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", routing.serve, name="cached_serve"),
    path("", include(wagtail_urls)),
]

# /api/ paths answer JSON even when no API view is reached (a non-numeric id, a typo, a crash).
handler400 = "lms_site.errors.bad_request"
handler403 = "lms_site.errors.permission_denied"
handler404 = "lms_site.errors.page_not_found"
handler500 = "lms_site.errors.server_error"
