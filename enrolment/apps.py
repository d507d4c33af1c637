from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "enrolment"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The built-in block trackers register themselves; other apps register theirs the same way.
        from .trackers import ai_tool, h5p, pdf, video  # noqa: F401
        from . import signals  # noqa: F401
        from accounts import personal_data

        from .personal_data import erase_learning, export_learning

        personal_data.register("enrolment", export=export_learning, erase=erase_learning)
