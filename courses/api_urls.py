from django.urls import path

from . import api

urlpatterns = [
    path("courses/", api.CourseListCreateView.as_view(), name="api-courses"),
    path("courses/<int:pk>/", api.CourseDetailView.as_view(), name="api-course"),
    path("courses/<int:pk>/sections/", api.CourseSectionsView.as_view(), name="api-course-sections"),
]
