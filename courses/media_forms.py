"""Upload rules for lesson videos (wagtailmedia's form base): size, type and content."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from wagtailmedia.forms import BaseMediaForm

# The first bytes of each container we accept: the file must be what its name says.
SIGNATURES = {
    "webm": [b"\x1aE\xdf\xa3"],
    "mp4": [b"ftyp"],
    "m4v": [b"ftyp"],
    "mov": [b"ftyp", b"moov", b"wide", b"mdat"],
    "ogv": [b"OggS"],
}


def sniff_video(uploaded, extension):
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature in SIGNATURES.get(extension, []):
        if head.startswith(signature) or head[4:8] == signature:
            return True
    return False


class VideoUploadForm(BaseMediaForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded or not hasattr(uploaded, "size") or not hasattr(uploaded, "read"):
            return uploaded
        limit = settings.VIDEO_MAX_UPLOAD_SIZE
        if uploaded.size > limit:
            raise forms.ValidationError(
                f"This file is {filesizeformat(uploaded.size)}; videos can be at most {filesizeformat(limit)}. "
                "Compress it or host it on YouTube, Vimeo or Cloudflare Stream."
            )
        name = getattr(uploaded, "name", "") or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        allowed = settings.WAGTAILMEDIA["VIDEO_EXTENSIONS"]
        if extension not in allowed:
            raise forms.ValidationError(f"Upload a video file ({', '.join(allowed)}).")
        if not sniff_video(uploaded, extension):
            raise forms.ValidationError(f"This file is not a real .{extension} video. Export it again and retry.")
        return uploaded
