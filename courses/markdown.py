"""Markdown for lesson text: rendered, then sanitised so an author's markdown cannot carry script."""

from functools import lru_cache

import markdown as markdown_lib
import nh3

# Tags a markdown author may use; everything else (script, style, iframe, on* attributes) is dropped.
MARKDOWN_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}
MARKDOWN_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}


MEMO_MAX_CHARS = 64 * 1024  # longer texts are rendered each time: the memo stays a few MB at most


def render_markdown(text):
    text = text or ""
    return _render(text) if len(text) <= MEMO_MAX_CHARS else _render.__wrapped__(text)


# A lesson's text is the same for every student until it is edited, and rendering plus sanitising
# costs milliseconds per block: keep the last few hundred results per process (keyed by the text
# itself, so an edit is simply a new entry and nothing can go stale).
@lru_cache(maxsize=512)
def _render(text):
    html = markdown_lib.markdown(text, extensions=["fenced_code", "tables", "sane_lists"])
    return nh3.clean(
        html,
        tags=MARKDOWN_TAGS,
        attributes=MARKDOWN_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
