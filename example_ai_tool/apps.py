from django.apps import AppConfig


class ExampleAIToolConfig(AppConfig):
    """A tiny third-party AI tool, served at /example-ai-tool/ (see docs/ai-tools.md)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "example_ai_tool"
    verbose_name = "Example AI tool"
