"""Media blocks: images, and videos tracked by what is played."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtailmedia.blocks import VideoChooserBlock

from ..video_urls import parse_video_reference, video_embed_url

class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(help_text="Describe the picture for people who cannot see it.")
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        label = "Image"
        template = "blocks/image.html"


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
        help_text="Length in seconds, needed for YouTube, Vimeo and Stream videos that count toward completion. "
                  "Uploaded files: leave empty, the length is read from the file.",
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
            errors["duration"] = ValidationError(
                "We could not read this file's length: enter it in seconds so we can tell how much was watched."
                if value["source"] == "file" else
                "Enter the length in seconds so we can tell how much was watched."
            )
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
