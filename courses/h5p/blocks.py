"""The H5P block: an uploaded package played here, or content embedded from an allowed H5P host."""

from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

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
            url = value.get("embed_url") or ""
            if not url.startswith("https://"):
                raise blocks.StructBlockValidationError(block_errors={"embed_url": ValidationError("Enter the https embed link.")})
            host = (urlparse(url).hostname or "").lower()
            allowed = [h.lower() for h in getattr(settings, "H5P_EMBED_HOSTS", [])]
            if not any(host == h or host.endswith("." + h) for h in allowed):
                raise blocks.StructBlockValidationError(
                    block_errors={"embed_url": ValidationError(f"H5P hosts allowed on this site: {', '.join(allowed)}.")}
                )
        return value

    def is_required(self, value):
        # Hosted content completes by "Mark complete" unless its host reports xAPI to us.
        return bool(value.get("required")) and value.get("mode") == "package"

    class Meta:
        icon = "form"
        label = "H5P activity"
        template = "blocks/h5p.html"
