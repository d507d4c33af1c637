"""The H5P block: an uploaded package played here, or content embedded from an allowed H5P host."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .hosted import embeddable_url, hosted_url_refusal

class H5PBlock(blocks.StructBlock):
    mode = blocks.ChoiceBlock(
        choices=[("package", "Uploaded .h5p package"), ("hosted", "Hosted embed (h5p.com or an H5P server)")],
        default="package",
    )
    package = SnippetChooserBlock("courses.H5PPackage", required=False)
    embed_url = blocks.URLBlock(required=False, help_text="Hosted mode: the embed link of the H5P content.")
    title = blocks.CharBlock()
    pass_percent = blocks.IntegerBlock(min_value=0, max_value=100, default=70, help_text="Score needed to complete.")
    required = blocks.BooleanBlock(
        label="Required for completion", required=False, default=True,
        help_text="Uploaded packages complete by their xAPI score; hosted ones by the host's xAPI or Mark complete.",
    )

    def clean(self, value):
        value = super().clean(value)
        if value["mode"] == "package" and value.get("package") is None:
            raise blocks.StructBlockValidationError(block_errors={"package": ValidationError("Choose an H5P package.")})
        if value["mode"] == "hosted":
            refusal = hosted_url_refusal(value.get("embed_url") or "")
            if refusal:
                raise blocks.StructBlockValidationError(block_errors={"embed_url": ValidationError(refusal)})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # Checked again when shown: a link saved before the rule, or whose host left H5P_EMBED_HOSTS.
        context["embed_url"] = embeddable_url(value.get("embed_url")) if value.get("mode") == "hosted" else ""
        return context

    def is_required(self, value):
        # Hosted content completes by "Mark complete" unless its host reports xAPI to us.
        return bool(value.get("required")) and value.get("mode") == "package"

    class Meta:
        icon = "form"
        label = "H5P activity"
        template = "blocks/h5p.html"
