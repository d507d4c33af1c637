"""Every StreamField block a lesson can hold."""

import re
from urllib.parse import parse_qs, urlparse

import markdown as markdown_lib
import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# Tags a markdown author may use; everything else (script, style, iframe, on* attributes) is dropped.
MARKDOWN_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}
MARKDOWN_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text):
    html = markdown_lib.markdown(text or "", extensions=["fenced_code", "tables", "sane_lists"])
    return nh3.clean(
        html,
        tags=MARKDOWN_TAGS,
        attributes=MARKDOWN_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


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


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(help_text="Describe the picture for people who cannot see it.")
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        label = "Image"
        template = "blocks/image.html"


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{6,12}$")


def parse_video_reference(source, reference):
    """Return the provider's video id for a URL or bare id, or raise ValidationError."""
    reference = (reference or "").strip()
    if source == "youtube":
        if YOUTUBE_ID.match(reference):
            return reference
        url = urlparse(reference)
        host = (url.hostname or "").lower()
        if host in {"youtu.be", "www.youtu.be"}:
            candidate = url.path.lstrip("/").split("/")[0]
        elif host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
            if url.path == "/watch":
                candidate = parse_qs(url.query).get("v", [""])[0]
            else:
                parts = [p for p in url.path.split("/") if p]
                candidate = parts[1] if len(parts) >= 2 and parts[0] in {"embed", "shorts", "live", "v"} else ""
        else:
            candidate = ""
        if YOUTUBE_ID.match(candidate):
            return candidate
        raise ValidationError("Enter a YouTube link or an 11-character video id.")
    if source == "vimeo":
        if VIMEO_ID.match(reference):
            return reference
        url = urlparse(reference)
        if (url.hostname or "").lower().endswith("vimeo.com"):
            for part in reversed([p for p in url.path.split("/") if p]):
                if VIMEO_ID.match(part):
                    return part
        raise ValidationError("Enter a Vimeo link or a numeric video id.")
    raise ValidationError("Unknown video source.")


class VideoBlock(blocks.StructBlock):
    source = blocks.ChoiceBlock(choices=[("youtube", "YouTube"), ("vimeo", "Vimeo")], default="youtube")
    video = blocks.CharBlock(help_text="The video's link or id, e.g. https://youtu.be/dQw4w9WgXcQ")
    title = blocks.CharBlock(help_text="Shown to screen readers and above the player.")
    duration = blocks.IntegerBlock(min_value=0, required=False, help_text="Length in seconds.")

    def clean(self, value):
        value = super().clean(value)
        try:
            value["video"] = parse_video_reference(value["source"], value["video"])
        except ValidationError as error:
            raise blocks.StructBlockValidationError(block_errors={"video": error})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = video_embed_url(value["source"], value["video"])
        return context

    class Meta:
        icon = "media"
        label = "Video"
        template = "blocks/video.html"


def video_embed_url(source, video_id):
    if source == "youtube":
        return f"https://www.youtube-nocookie.com/embed/{video_id}?rel=0"
    return f"https://player.vimeo.com/video/{video_id}?dnt=1"


class LessonBody(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr", "blockquote"],
        label="Text", icon="pilcrow", template="blocks/rich_text.html",
    )
    markdown = MarkdownBlock()
    code = CodeBlock()
    image = ImageBlock()
    video = VideoBlock()


# Blocks that a student must satisfy before a lesson completes. Later blocks (quiz, assignment,
# tracked video, H5P, AI tool) add themselves here; a lesson without one completes by "Mark complete".
GATING_BLOCK_TYPES: tuple[str, ...] = ()
# The block that gives a lesson its type when it has no gating block.
MAIN_BLOCK_TYPES = ("quiz", "assignment", "video", "h5p", "ai_tool", "pdf")


def lesson_type(body):
    types = [block.block_type for block in body]
    for t in types:
        if t in GATING_BLOCK_TYPES:
            return t
    for t in types:
        if t in MAIN_BLOCK_TYPES:
            return t
    return "text"


def gating_blocks(body):
    return [block for block in body if block.block_type in GATING_BLOCK_TYPES]
