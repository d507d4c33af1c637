from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.images import get_image_model

        from lms_site import cache_signals

        from . import signals
        from .models import Category

        signals.connect()
        # Course cards show categories and thumbnails: a change there reaches visitors' cached pages.
        cache_signals.connect()
        cache_signals.visitors_see(Category, get_image_model())
