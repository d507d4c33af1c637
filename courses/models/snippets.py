"""Snippets courses use: categories, the AI tools admins trust, and uploaded H5P packages."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Category(index.Indexed, models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    description = models.TextField(blank=True)

    search_fields = [index.SearchField("name")]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class AITool(index.Indexed, models.Model):
    """An external AI tool an admin trusts to run inside lessons (see docs/ai-tools.md)."""

    name = models.CharField(max_length=100, unique=True)
    launch_url = models.URLField(help_text="The tool's page; we add ?token=… when a student opens it.")
    allowed_origin = models.CharField(
        max_length=200, help_text="Scheme and host the tool is served from, e.g. https://tool.example.org",
        validators=[RegexValidator(r"^https?://[A-Za-z0-9.-]+(:\d+)?$", "Use a scheme and host only, like https://tool.example.org")],
    )
    secret_hash = models.CharField(max_length=128, editable=False)
    secret_hint = models.CharField(max_length=8, editable=False, help_text="Last characters of the secret.")
    is_enabled = models.BooleanField("enabled", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [index.SearchField("name")]
    panels = [FieldPanel("name"), FieldPanel("launch_url"), FieldPanel("allowed_origin"), FieldPanel("is_enabled")]

    class Meta:
        ordering = ["name"]
        verbose_name = "AI tool"

    def __str__(self):
        return self.name


class H5PPackage(index.Indexed, models.Model):
    """A self-hosted H5P package: the uploaded .h5p, validated and unpacked once to storage."""

    title = models.CharField(max_length=255)
    file = models.FileField(upload_to="h5p/packages/")
    main_library = models.CharField(max_length=100, editable=False, blank=True)
    unpacked_to = models.CharField(max_length=255, editable=False, blank=True)
    file_count = models.PositiveIntegerField(default=0, editable=False)
    unpacked_size = models.PositiveBigIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [index.SearchField("title")]
    panels = [FieldPanel("title"), FieldPanel("file")]

    class Meta:
        ordering = ["title"]
        verbose_name = "H5P package"

    def __str__(self):
        return self.title
