from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The events of the rooms below (enrolment, assessments, course review) become notices here.
        from . import receivers  # noqa: F401
        from accounts import personal_data

        from .personal_data import erase_notifications, export_notifications

        personal_data.register("notifications", export=export_notifications, erase=erase_notifications)
