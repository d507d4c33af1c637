from django.urls import path

from . import api

urlpatterns = [
    path("courses/<int:pk>/enroll/", api.EnrolView.as_view(), name="api-enrol"),
    path("me/enrollments/", api.MyEnrolmentsView.as_view(), name="api-my-enrolments"),
    path("lessons/<int:pk>/", api.LessonDetailView.as_view(), name="api-lesson"),
    path("lessons/<int:pk>/progress/", api.LessonProgressView.as_view(), name="api-lesson-progress"),
    path("lessons/<int:pk>/complete/", api.LessonCompleteView.as_view(), name="api-lesson-complete"),
]
