"""Lesson blocks as JSON a mobile client can render: `{id, type, value}` per block."""

from wagtail.rich_text import expand_db_html

from .blocks import render_markdown, video_embed_url


def block_value(block):
    kind = block.block_type
    value = block.value
    if kind == "rich_text":
        return {"html": expand_db_html(value.source)}
    if kind == "markdown":
        return {"markdown": value, "html": render_markdown(value)}
    if kind == "code":
        return {"language": value["language"], "code": value["code"], "caption": value["caption"]}
    if kind == "image":
        image = value["image"]
        if image is None:
            return {"url": None, "alt": value["alt_text"], "caption": value["caption"]}
        rendition = image.get_rendition("max-1200x1200|format-webp")
        return {
            "url": rendition.url, "width": rendition.width, "height": rendition.height,
            "alt": value["alt_text"], "caption": value["caption"],
        }
    if kind == "video":
        return {
            "video_type": value["source"], "video_id": value["video"], "title": value["title"],
            "duration": value["duration"], "embed_url": video_embed_url(value["source"], value["video"]),
        }
    return block.block.get_api_representation(value)


def lesson_content(body):
    return [{"id": block.id, "type": block.block_type, "value": block_value(block)} for block in body]
