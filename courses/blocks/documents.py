"""The PDF block: a Wagtail document shown in the page, optionally counted when opened."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

class PDFBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock()
    allow_download = blocks.BooleanBlock(required=False, default=True)
    counts_when_opened = blocks.BooleanBlock(
        label="Counts toward completion when opened", required=False, default=False,
    )

    def clean(self, value):
        value = super().clean(value)
        document = value.get("document")
        if document is not None and document.file_extension.lower() != "pdf":
            raise blocks.StructBlockValidationError(block_errors={"document": ValidationError("Choose a PDF document.")})
        return value

    def is_required(self, value):
        return bool(value.get("counts_when_opened"))

    class Meta:
        icon = "doc-full"
        label = "PDF"
        template = "blocks/pdf.html"
