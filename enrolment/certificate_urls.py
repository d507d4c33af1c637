from django.urls import path

from . import certificate_views as views

urlpatterns = [
    path("verify/", views.verify, name="certificate-verify"),
    path("verify/<str:code>/", views.verify_code, name="certificate-verify-code"),
    path("file/<str:token>/<str:filename>", views.signed_file, name="certificate-file"),
    path("<str:code>/pdf/", views.download_pdf, name="certificate-pdf"),
    path("<str:code>/credential/", views.download_credential, name="certificate-credential"),
    path("<str:code>/linkedin/", views.linkedin, name="certificate-linkedin"),
]
