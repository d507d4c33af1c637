from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms_site import cache_signals

        from .models import PlatformSettings

        # Every page shows the platform's name and settings, cached visitors' pages included.
        cache_signals.visitors_see(PlatformSettings)
