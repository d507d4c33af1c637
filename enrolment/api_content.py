"""A lesson's blocks as one student sees them, as JSON a mobile client can use: `{id, type, value}`.

Tracked blocks (those with a tracker in `enrolment.trackers`) also carry `is_required`,
`is_satisfied` and their tracker's per-student state; H5P players and AI tool launches get
their per-user URLs only when the lesson gate allows.
"""

from wagtail.rich_text import expand_db_html

from courses.ai_tools import launch_url
from courses.blocks import is_gating
from courses.blocks.media import video_duration
from courses.h5p.hosted import embeddable_url
from courses.markdown import render_markdown
from courses.video_urls import video_embed_url
from lms_site.links import absolute_url

from .file_links import document_link
from .h5p_access import player_url
from .trackers import is_tracked, tracker_for


def _video(block, request, lesson, access):
    value = block.value
    duration = video_duration(value)
    if value["source"] == "file":
        media = value.get("file")
        video_id = str(media.pk) if media else None
        url = absolute_url(media.url) if media else None
    else:
        video_id, url = value["video"], video_embed_url(value["source"], value["video"])
    return {
        "title": value["title"],
        "video_type": value["source"],
        "video_id": video_id,
        "video_url": url,
        "duration": duration,
        "required_percent": value["required_percent"],
        "captions": [
            {"label": c["label"], "language": c["language"], "url": absolute_url(c["file"].url)}
            for c in value["captions"] if c.get("file") is not None
        ],
    }


def _pdf(block, request, lesson, access):
    value = block.value
    document = value["document"]
    url = None
    if document is not None and access.may_open:
        # A signed link (file_links.py): opens in a viewer that has neither cookie nor token.
        url = absolute_url(document_link(request.user, lesson, block.id, document))
    return {"title": value["title"], "document_url": url, "allow_download": value["allow_download"]}


def _h5p(block, request, lesson, access):
    value = block.value
    package = value.get("package") if value["mode"] == "package" and access.may_open else None
    return {
        "title": value["title"],
        "mode": value["mode"],
        "embed_url": embeddable_url(value.get("embed_url")) or None if value["mode"] == "hosted" else None,
        # A page that plays the package (sandboxed, its own CSP); it posts xAPI statements to its
        # parent frame, which sends them to /api/xapi/statements/ with the student's credentials.
        "package_url": absolute_url(player_url(request.user, lesson, block.id, package)) if package else None,
        "files_url": absolute_url(f"/h5p/{package.pk}/") if package else None,
        "pass_percent": value["pass_percent"],
    }


def _ai_tool(block, request, lesson, access):
    value = block.value
    tool = value["tool"]
    return {
        "title": value["title"],
        "tool_name": tool.name if tool else None,
        # Tokens go to people who can use them: enrolled students and the course's staff.
        "launch_url": (launch_url(request.user, lesson, block.id, value) or None) if access.may_launch else None,
        "height": value["height"],
    }


def _image(block, request, lesson, access):
    value = block.value
    image = value["image"]
    if image is None:
        return {"url": None, "alt": value["alt_text"], "caption": value["caption"]}
    rendition = image.get_rendition("max-1200x1200|format-webp")
    return {
        "url": absolute_url(rendition.url), "width": rendition.width, "height": rendition.height,
        "alt": value["alt_text"], "caption": value["caption"],
    }


VALUES = {
    "rich_text": lambda block, *_: {"html": expand_db_html(block.value.source)},
    "markdown": lambda block, *_: {"markdown": block.value, "html": render_markdown(block.value)},
    "code": lambda block, *_: {k: block.value[k] for k in ("language", "code", "caption")},
    "image": _image,
    "video": _video,
    "pdf": _pdf,
    "h5p": _h5p,
    "ai_tool": _ai_tool,
}


def lesson_content(lesson, request, access, rows=None, requirements=()):
    """Every block of the lesson for the user `access` (the lesson gate's answer) is about.

    `rows` maps block id to the student's BlockProgress; `requirements` are the lesson's.
    """
    rows = rows or {}
    satisfied = {r.block_id: r.is_satisfied for r in requirements}
    content = []
    for block in lesson.body:
        render = VALUES.get(block.block_type)
        progress = rows.get(block.id)
        value = render(block, request, lesson, access) if render else block.block.get_api_representation(block.value)
        if is_tracked(block.block_type):
            tracker = tracker_for(block.block_type)
            value["is_required"] = is_gating(block)
            value["is_satisfied"] = satisfied.get(block.id, tracker.is_satisfied(block, progress))
            value.update(tracker.lesson_state(lesson, block, progress))
        content.append({"id": block.id, "type": block.block_type, "value": value})
    return content
