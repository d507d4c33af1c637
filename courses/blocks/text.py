"""Text blocks: rich text (declared on LessonBody), markdown and highlighted code."""

from django.utils.safestring import mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from wagtail import blocks

from ..markdown import render_markdown

class MarkdownBlock(blocks.TextBlock):
    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["html"] = mark_safe(render_markdown(value))  # sanitised by nh3 above
        return context

    class Meta:
        icon = "code"
        label = "Markdown"
        template = "blocks/markdown.html"


CODE_LANGUAGES = [
    ("python", "Python"), ("javascript", "JavaScript"), ("typescript", "TypeScript"), ("html", "HTML"),
    ("css", "CSS"), ("sql", "SQL"), ("bash", "Shell"), ("json", "JSON"), ("java", "Java"),
    ("csharp", "C#"), ("php", "PHP"), ("text", "Plain text"),
]


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(choices=CODE_LANGUAGES, default="python")
    code = blocks.TextBlock(form_classname="monospace")
    caption = blocks.CharBlock(required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        lexer = get_lexer_by_name(value["language"], stripall=False)
        context["highlighted"] = mark_safe(highlight(value["code"], lexer, HtmlFormatter(cssclass="code-hl", nowrap=False)))
        return context

    class Meta:
        icon = "code"
        label = "Code"
        template = "blocks/code.html"
