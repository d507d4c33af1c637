"""Video links: a provider's video id from whatever an author pastes, and the player URL for it."""

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError

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


def video_embed_url(source, video_id):
    if source == "youtube":
        return f"https://www.youtube-nocookie.com/embed/{video_id}?rel=0&enablejsapi=1"
    if source == "vimeo":
        return f"https://player.vimeo.com/video/{video_id}?dnt=1"
    if source == "stream":
        return f"https://iframe.videodelivery.net/{video_id}"
    return ""
