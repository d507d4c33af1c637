"""Every StreamField block a lesson can hold."""

import json
import re
from urllib.parse import parse_qs, urlparse

import markdown as markdown_lib
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtailmedia.blocks import VideoChooserBlock

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
STREAM_ID = re.compile(r"^[0-9a-f]{32}$")


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
    if source == "stream":
        candidate = reference.lower()
        if not STREAM_ID.match(candidate):
            url = urlparse(reference)
            parts = [p for p in url.path.split("/") if STREAM_ID.match(p.lower())]
            candidate = parts[0].lower() if parts else ""
        if STREAM_ID.match(candidate):
            return candidate
        raise ValidationError("Enter a Cloudflare Stream video id (32 hexadecimal characters) or its link.")
    raise ValidationError("Unknown video source.")


class CaptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(default="English")
    language = blocks.CharBlock(default="en", max_length=12, help_text="Language code, e.g. en, af, zu.")
    file = DocumentChooserBlock(help_text="A WebVTT (.vtt) caption file.")

    def clean(self, value):
        value = super().clean(value)
        document = value.get("file")
        if document is not None and document.file_extension.lower() != "vtt":
            raise blocks.StructBlockValidationError(block_errors={"file": ValidationError("Captions must be a .vtt file.")})
        return value


class VideoBlock(blocks.StructBlock):
    """A video from YouTube, Vimeo, Cloudflare Stream or our media library, tracked by what is played."""

    source = blocks.ChoiceBlock(
        choices=[("youtube", "YouTube"), ("vimeo", "Vimeo"), ("stream", "Cloudflare Stream"), ("file", "Uploaded file")],
        default="youtube",
    )
    video = blocks.CharBlock(required=False, help_text="YouTube, Vimeo or Stream: the video's link or id.")
    file = VideoChooserBlock(required=False, help_text="Uploaded file: choose it from the media library.")
    title = blocks.CharBlock(help_text="Shown above the player and read by screen readers.")
    duration = blocks.IntegerBlock(
        min_value=1, required=False,
        help_text="Length in seconds. Needed for YouTube, Vimeo and Stream videos that count toward completion.",
    )
    captions = blocks.ListBlock(CaptionBlock(), required=False, default=[])
    required_percent = blocks.IntegerBlock(min_value=1, max_value=100, default=90, help_text="Share the student must watch.")
    counts_toward_completion = blocks.BooleanBlock(required=False, default=True)

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["source"] == "file":
            if value.get("file") is None:
                errors["file"] = ValidationError("Choose the uploaded video.")
        else:
            try:
                value["video"] = parse_video_reference(value["source"], value["video"])
            except ValidationError as error:
                errors["video"] = error
        if value["counts_toward_completion"] and not video_duration(value):
            errors["duration"] = ValidationError("Enter the length in seconds so we can tell how much was watched.")
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    def is_required(self, value):
        return bool(value.get("counts_toward_completion"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = video_embed_url(value["source"], value["video"]) if value["source"] != "file" else ""
        context["duration"] = video_duration(value)
        return context

    class Meta:
        icon = "media"
        label = "Video"
        template = "blocks/video.html"


def video_duration(value):
    """Seconds of video: the block's own figure, else the uploaded file's recorded duration."""
    if value.get("duration"):
        return int(value["duration"])
    media = value.get("file") if value.get("source") == "file" else None
    if media is not None and getattr(media, "duration", None):
        return int(round(media.duration))
    return 0


def video_embed_url(source, video_id):
    if source == "youtube":
        return f"https://www.youtube-nocookie.com/embed/{video_id}?rel=0&enablejsapi=1"
    if source == "vimeo":
        return f"https://player.vimeo.com/video/{video_id}?dnt=1"
    if source == "stream":
        return f"https://iframe.videodelivery.net/{video_id}"
    return ""


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


class LessonBody(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr", "blockquote"],
        label="Text", icon="pilcrow", template="blocks/rich_text.html",
    )
    markdown = MarkdownBlock()
    code = CodeBlock()
    image = ImageBlock()
    video = VideoBlock()
    pdf = PDFBlock()
    h5p = H5PBlock()
    ai_tool = AIToolBlock()


# The block that gives a lesson its type when it has no required (gating) block.
MAIN_BLOCK_TYPES = ("quiz", "assignment", "video", "h5p", "ai_tool", "pdf")


def is_gating(block):
    """A block the student must satisfy before the lesson completes (it says so itself)."""
    check = getattr(block.block, "is_required", None)
    return bool(check and check(block.value))


def gating_blocks(body):
    """Required blocks in order; a lesson without any completes by "Mark complete"."""
    return [block for block in body if is_gating(block)]


def lesson_type(body):
    required = gating_blocks(body)
    if required:
        return required[0].block_type
    for block in body:
        if block.block_type in MAIN_BLOCK_TYPES:
            return block.block_type
    return "text"
