from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from lms_site.view_restrictions import CachedViewRestrictions


class HomePage(CachedViewRestrictions, Page):
    """The landing page: a welcome and the newest courses."""

    intro = RichTextField(blank=True)
    max_count = 1
    subpage_types = ["courses.CourseIndexPage", "home.StandardPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue import published_courses, with_card_data, with_my_progress

        context = super().get_context(request, *args, **kwargs)
        context["featured"] = with_my_progress(
            with_card_data(published_courses().order_by("-first_published_at")[:6]), request.user
        )
        return context


class StandardPage(CachedViewRestrictions, Page):
    """About, terms, privacy."""

    body = RichTextField()
    subpage_types = []
    content_panels = Page.content_panels + [FieldPanel("body")]


@register_setting(icon="cog")
class PlatformSettings(BaseSiteSetting):
    platform_name = models.CharField(max_length=100, default="Leerhuis")
    vat_number = models.CharField(max_length=20, blank=True, help_text="Empty when not VAT registered.")
    vat_rate = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("15.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    address = models.TextField(blank=True)
    payout_threshold = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("500.00"))
    hold_days = models.PositiveIntegerField(default=14)
    default_revenue_share = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("70.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    panels = [
        FieldPanel("platform_name"),
        MultiFieldPanel([FieldPanel("vat_number"), FieldPanel("vat_rate"), FieldPanel("address")], "Tax"),
        MultiFieldPanel(
            [FieldPanel("payout_threshold"), FieldPanel("hold_days"), FieldPanel("default_revenue_share")], "Payouts"
        ),
    ]

    class Meta:
        verbose_name = "platform settings"
