from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The events of the rooms below (enrolment, assessments, course review) become notices here.
        from . import receivers  # noqa: F401
        from accounts import personal_data
        from lms_site import outbox

        from .services import record_email

        from .wagtail_mail import route_wagtail_mail

        # Every email, from any room, is recorded in the log and queued with retries.
        outbox.install_sender(record_email)
        # Wagtail's emails: ours replace its moderation emails for courses, the rest go through the log.
        route_wagtail_mail()

        from .personal_data import erase_notifications, export_notifications

        personal_data.register("notifications", export=export_notifications, erase=erase_notifications)
