"""The AI tool block: a registered external tool framed in the lesson (see courses.ai_tools)."""

import json

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

class AIToolBlock(blocks.StructBlock):
    tool = SnippetChooserBlock("courses.AITool")
    title = blocks.CharBlock()
    params = blocks.TextBlock(
        required=False, default="{}", help_text='Settings for the tool as a JSON object, e.g. {"topic": "budgeting"}.',
    )
    required_for_completion = blocks.BooleanBlock(required=False, default=True)
    height = blocks.IntegerBlock(min_value=200, max_value=2000, default=520, help_text="Frame height in pixels.")

    def clean(self, value):
        value = super().clean(value)
        try:
            params = json.loads(value.get("params") or "{}")
        except ValueError as error:
            raise blocks.StructBlockValidationError(block_errors={"params": ValidationError(f"Not valid JSON: {error}.")})
        if not isinstance(params, dict):
            raise blocks.StructBlockValidationError(block_errors={"params": ValidationError("Use a JSON object: {...}.")})
        if len(json.dumps(params)) > 2000:
            raise blocks.StructBlockValidationError(block_errors={"params": ValidationError("Keep the settings under 2,000 characters.")})
        tool = value.get("tool")
        if tool is not None and not tool.is_enabled:
            raise blocks.StructBlockValidationError(block_errors={"tool": ValidationError("This tool is disabled.")})
        return value

    def is_required(self, value):
        return bool(value.get("required_for_completion"))

    class Meta:
        icon = "pick"
        label = "AI tool"
        template = "blocks/ai_tool.html"
