from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.images import get_image_model

        from lms_site import cache_signals

        from . import signals
        from home.models import PlatformSettings

        from .models import Category

        signals.connect()
        # Course cards show categories and thumbnails, every page the platform's settings: a change there reaches visitors' cached pages.
        cache_signals.connect(visitor_models=[Category, get_image_model(), PlatformSettings])
