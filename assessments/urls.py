"""The lesson page's forms (they work without JavaScript) and signed links to submitted files."""

from django.urls import path

from lms_site import converters  # noqa: F401  (registers <id:...>)

from . import views

urlpatterns = [
    path("quizzes/<id:pk>/start/", views.start_quiz, name="quiz-start"),
    path("quizzes/<id:pk>/submit/", views.submit_quiz, name="quiz-submit"),
    path("assignments/<id:pk>/submit/", views.submit_assignment_view, name="assignment-submit"),
    path("submission-files/<str:token>/<str:filename>", views.serve_submission_file, name="submission-file"),
]
