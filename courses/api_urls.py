from django.urls import path

from lms_site import converters  # noqa: F401  (registers <id:...>)

from . import api

urlpatterns = [
    path("courses/", api.CourseListCreateView.as_view(), name="api-courses"),
]
