"""The AI tool registry in the Wagtail admin (superusers and Moderators, by model permissions).

A tool's secret is generated on create (and on "Generate a new secret"), stored only as a hash,
and shown exactly once: in the response to the save itself. It never goes through the messages
framework (whose cookie or session would keep it until displayed), a log, or the database.
"""

from django import forms
from django.template.response import TemplateResponse
from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from ..models import AITool
from . import set_new_secret


class AIToolAdminForm(WagtailAdminModelForm):
    regenerate_secret = forms.BooleanField(
        label="Generate a new secret", required=False,
        help_text="The current secret stops working at once; the new one is shown once, after saving.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["regenerate_secret"]  # a new tool always gets one
        elif self.instance.secret_hint:
            self.fields["regenerate_secret"].help_text = (
                f"The current secret ends in …{self.instance.secret_hint}. " + self.fields["regenerate_secret"].help_text
            )

    def save(self, commit=True):
        instance = super().save(commit=False)
        if instance.pk is None or not instance.secret_hash or self.cleaned_data.get("regenerate_secret"):
            instance._new_secret = set_new_secret(instance)
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class ShowSecretOnce:
    """After a save that generated a secret, answer with a page showing it (not stored anywhere)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        secret = getattr(self.object, "_new_secret", None)
        if not secret:
            return response
        del self.object._new_secret
        page = TemplateResponse(self.request, "courses/admin/ai_tool_secret.html", {
            "tool": self.object,
            "secret": secret,
            "page_title": f"Secret for {self.object.name}",
            "header_icon": "key",
            "continue_url": reverse(self.index_url_name) if self.index_url_name else "",
            "edit_url": reverse(self.edit_url_name, args=(quote(self.object.pk),)) if self.edit_url_name else "",
        })
        page["Cache-Control"] = "no-store"
        return page


class AIToolCreateView(ShowSecretOnce, CreateView):
    pass


class AIToolEditView(ShowSecretOnce, EditView):
    pass


class AIToolViewSet(SnippetViewSet):
    model = AITool
    icon = "pick"
    menu_label = "AI tools"
    add_to_admin_menu = False  # under Snippets, like other registries
    add_view_class = AIToolCreateView
    edit_view_class = AIToolEditView
    list_display = [
        "name",
        Column("allowed_origin", label="Origin"),
        Column("secret_hint", label="Secret ends in", accessor=lambda tool: f"…{tool.secret_hint}" if tool.secret_hint else ""),
        BooleanColumn("is_enabled", label="Enabled"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("launch_url"),
            FieldPanel("allowed_origin"),
            FieldPanel("is_enabled"),
            FieldPanel("regenerate_secret"),
        ],
        base_form_class=AIToolAdminForm,
    )
