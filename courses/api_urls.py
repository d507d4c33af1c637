from django.urls import path

from lms_site import converters  # noqa: F401  (registers <id:...>)

from . import api

urlpatterns = [
    path("courses/", api.CourseListCreateView.as_view(), name="api-courses"),
    path("courses/<id:pk>/", api.CourseDetailView.as_view(), name="api-course"),
    path("courses/<id:pk>/sections/", api.CourseSectionsView.as_view(), name="api-course-sections"),
]
