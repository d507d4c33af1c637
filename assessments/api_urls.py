from django.urls import path

from lms_site import converters  # noqa: F401  (registers <id:...>)

from . import api

urlpatterns = [
    path("quizzes/<id:pk>/", api.QuizDetailView.as_view(), name="api-quiz"),
    path("quizzes/<id:pk>/start/", api.QuizStartView.as_view(), name="api-quiz-start"),
    path("quizzes/<id:pk>/submit/", api.QuizSubmitView.as_view(), name="api-quiz-submit"),
    path("quizzes/<id:pk>/attempts/", api.QuizAttemptsView.as_view(), name="api-quiz-attempts"),
    path("assignments/<id:pk>/", api.AssignmentDetailView.as_view(), name="api-assignment"),
    path("assignments/<id:pk>/submit/", api.AssignmentSubmitView.as_view(), name="api-assignment-submit"),
    path("assignments/<id:pk>/submissions/", api.AssignmentSubmissionsView.as_view(), name="api-assignment-submissions"),
    path("submissions/<id:pk>/grade/", api.GradeSubmissionView.as_view(), name="api-submission-grade"),
]
