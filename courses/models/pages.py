"""The course tree: CourseIndexPage > CoursePage > SectionPage > LessonPage."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms_site.view_restrictions import CachedViewRestrictions
from lms_site.visitor_cache import SharedWithVisitors

from ..blocks import LessonBody, lesson_type
from ..forms import CoursePageForm, LessonPageForm
from ..pricing import CURRENCY, PricingType, pricing_problem
from .snippets import Category


class CourseIndexPage(SharedWithVisitors, CachedViewRestrictions, Page):
    """The catalogue: published, non-archived courses, searchable and filterable."""

    intro = RichTextField(blank=True)
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from ..catalogue import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(request))
        return context


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class CoursePage(SharedWithVisitors, CachedViewRestrictions, Page):
    description = RichTextField(features=["bold", "italic", "ul", "ol", "link"])
    outcomes = models.TextField(
        "what you will learn", blank=True,
        help_text="One outcome per line, e.g. “Draw up a monthly budget that fits your payslip”. "
        "Shown as a list on the course page.",
    )
    thumbnail = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="courses")
    difficulty = models.CharField(max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER)
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="courses_taught",
        help_text="Empty: the course's owner.",
    )
    pricing_type = models.CharField(max_length=20, choices=PricingType.choices, default=PricingType.FREE)
    price = models.DecimalField(
        f"price ({CURRENCY}, incl. VAT)", max_digits=10, decimal_places=2, default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    revenue_share_override = models.DecimalField(
        "instructor revenue share override (%)", max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    is_archived = models.BooleanField(
        "archived", default=False,
        help_text="Hidden from the catalogue and closed to new enrolments; enrolled students keep access.",
    )
    certificate_logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    certificate_signature = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    certificate_signatory = models.CharField(
        "signatory name", max_length=120, blank=True, help_text="Printed under the signature. Empty: the instructor's name."
    )
    certificate_signatory_title = models.CharField(
        "signatory title", max_length=120, blank=True, help_text="For example: Course instructor, Head of training."
    )
    certificate_accent_colour = models.CharField(
        max_length=7, default="#0f766e", validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #0f766e.")]
    )
    certificate_wording = models.TextField(blank=True, default="has successfully completed")

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.SectionPage"]
    base_form_class = CoursePageForm
    # Loaded with the page when it is served (lms_site.routing): the course template shows them all.
    route_select_related = ("category", "instructor", "owner", "thumbnail")
    route_prefetch_related = ("thumbnail__renditions",)  # the hero image (courses.thumbnails)

    # Autocomplete fields are matched by word beginnings (courses.catalogue.prefix_query).
    search_fields = Page.search_fields + [
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.AutocompleteField("description"),
        index.SearchField("outcomes"),
        index.FilterField("category"),
        index.FilterField("difficulty"),
        index.FilterField("pricing_type"),
        index.FilterField("is_archived"),
        index.RelatedFields("category", [index.SearchField("name"), index.AutocompleteField("name")]),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("outcomes"),
        FieldPanel("thumbnail"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("difficulty")]),
        # Only moderators reassign a course: the instructor gains editing rights and sees every lesson.
        FieldPanel("instructor", permission="courses.assign_instructor"),
    ]
    pricing_panels = [
        MultiFieldPanel(
            [FieldPanel("pricing_type"), FieldPanel("price"), FieldPanel("revenue_share_override", permission="superuser")],
            "Pricing",
        ),
        FieldPanel("is_archived"),
    ]
    certificate_panels = [
        HelpPanel(content="<p>What this course's certificates look like. Empty fields use the platform's "
                  "design: the site's name as the logo, the instructor as signatory.</p>"),
        FieldPanel("certificate_logo"), FieldPanel("certificate_signature"),
        FieldRowPanel([FieldPanel("certificate_signatory"), FieldPanel("certificate_signatory_title")]),
        FieldPanel("certificate_accent_colour"), FieldPanel("certificate_wording"),
    ]

    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading="Content"),
        ObjectList(pricing_panels, heading="Pricing & access"),
        ObjectList(certificate_panels, heading="Certificate"),
        ObjectList(Page.promote_panels, heading="Promote"),
        ObjectList(Page.settings_panels, heading="Settings"),
    ])

    class Meta:
        verbose_name = "course"
        permissions = [("assign_instructor", "Can choose the instructor of a course")]

    def clean(self):
        super().clean()
        price_problem = pricing_problem(self.pricing_type, self.price)
        if price_problem:
            raise ValidationError({"price": price_problem})

    def save(self, *args, **kwargs):
        # The author teaches the course unless a moderator names someone else.
        if self.instructor_id is None and self.owner_id:
            self.instructor_id = self.owner_id
        super().save(*args, **kwargs)

    @property
    def is_free(self):
        return self.pricing_type == PricingType.FREE

    @property
    def outcome_list(self):
        """What you will learn, one entry per non-empty line (a leading "-", "*" or "•" dropped)."""
        lines = (line.strip().lstrip("-*•").strip() for line in self.outcomes.splitlines())
        return [line for line in lines if line]

    @property
    def currency(self):
        return CURRENCY

    def lessons(self):
        return published_lessons(self)

    def get_context(self, request, *args, **kwargs):
        from ..extensions import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(request, self))
        return context


class CourseTreePage(CachedViewRestrictions, Page):
    """A section or lesson: reviewed with its course, never on its own.

    The "Course review" workflow is assigned to the catalogue, which would give every section and
    lesson a review of its own (four submissions and four approvals for a small course). Instead
    their changes ride along with their course's review (`courses.review`), so here no workflow
    applies: authors save drafts and submit the course.
    """

    class Meta:
        abstract = True

    @property
    def has_workflow(self):
        return False

    def get_workflow(self):
        return None

    def serve_preview(self, request, mode_name):
        # Drafts are previewed by their authors and moderators in the editor and the course review:
        # the page as it will read, without the lesson gate (which only knows live lessons).
        return TemplateResponse(request, "courses/draft_preview.html", self.preview_context(request))

    def preview_context(self, request):
        return {"page": self, "self": self, "request": request, "lessons": None}


def published_lessons(course):
    """Live lessons in live sections: what students see, and what course progress counts."""
    lessons = LessonPage.objects.live().descendant_of(course)
    for path in SectionPage.objects.child_of(course).filter(live=False).values_list("path", flat=True):
        lessons = lessons.exclude(path__startswith=path)
    return lessons


class SectionPage(CourseTreePage):
    """A group of lessons; its order is the page tree's order."""

    summary = models.CharField(max_length=255, blank=True)
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    content_panels = Page.content_panels + [FieldPanel("summary")]

    class Meta:
        verbose_name = "section"

    def preview_context(self, request):
        children = LessonPage.objects.child_of(self).order_by("path") if self.pk else []
        lessons = [child.get_latest_revision_as_object() for child in children]
        return {**super().preview_context(request), "lessons": lessons}

    def serve(self, request, *args, **kwargs):
        # A section has no page of its own; its place is the course outline.
        course = self.get_parent()
        if not course:
            raise Http404
        return redirect(course.url + f"#section-{self.pk}")


class LessonPage(CourseTreePage):
    body = StreamField(LessonBody(), blank=True, use_json_field=True)
    prerequisites = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, related_name="unlocks",
        help_text="Lessons of this course that must be complete before this one opens.",
    )
    is_preview = models.BooleanField("free preview", default=False, help_text="Anyone may open this lesson.")
    estimated_minutes = models.PositiveIntegerField(default=10, validators=[MaxValueValidator(1000)])
    # Kept from the body on save so outlines and lists need not load every lesson's body.
    lesson_type = models.CharField(max_length=20, default="text", editable=False)

    parent_page_types = ["courses.SectionPage"]
    subpage_types = []
    base_form_class = LessonPageForm

    search_fields = Page.search_fields + [index.SearchField("body")]
    content_panels = Page.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("prerequisites"), FieldPanel("is_preview"), FieldPanel("estimated_minutes")], "Access"
        ),
    ]

    class Meta:
        verbose_name = "lesson"

    @cached_property
    def course(self):
        if self.live:
            from ..structure import course_structure_of

            structure = course_structure_of(self)
            if structure is not None:
                return structure.course
        return CoursePage.objects.ancestor_of(self).first()

    def save(self, *args, **kwargs):
        self.lesson_type = lesson_type(self.body)
        super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        from ..extensions import serve_lesson

        # Who may read a lesson is the learning room's rule (courses.extensions).
        return serve_lesson(request, self)
