from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The quiz and assignment trackers join enrolment's registry; publishing keeps our rows.
        from . import signals, trackers  # noqa: F401
        from accounts import personal_data

        from .personal_data import erase_assessments, export_assessments

        personal_data.register("assessments", export=export_assessments, erase=erase_assessments)
