from django.urls import path

from . import api

urlpatterns = [
    path("me/notifications/", api.MyNotificationsView.as_view(), name="api-my-notifications"),
    path("me/notifications/read/", api.MarkReadView.as_view(), name="api-notifications-read"),
    path("me/email-preferences/", api.EmailChoiceView.as_view(), name="api-email-preferences"),
]
