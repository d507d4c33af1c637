from django.urls import path

from lms_site import converters  # noqa: F401  (registers <id:...>)

from . import views

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("<id:pk>/open/", views.open_notification, name="notification-open"),
    path("read/", views.mark_all_read, name="notifications-read"),
    path("email-choices/", views.email_choices, name="notification-email-choices"),
]
