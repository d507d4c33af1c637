"""What a page costs a phone on mobile data before the student does anything.

`page_weight(client, url)` adds up the bytes transferred for the page's HTML and every file it
makes the browser fetch as it loads: stylesheets, scripts, images (lazy ones too), the favicon,
and same-origin frames with what they fetch in turn. Sizes are as production serves them: static
files gzip-compressed (whitenoise's CompressedManifestStaticFilesStorage keeps .gz and .br copies;
brotli is smaller still), HTML and media as they are (an upper bound). What the browser does not
load by itself is left out: <template> and <noscript> content, links, and video (the player
streams only what is watched). Frames from other sites are listed, not weighed.
"""

import gzip
import re
from html import unescape
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

NOT_LOADED = re.compile(r"<(template|noscript)\b.*?</\1\s*>", re.S | re.I)
TAG = re.compile(r"<(link|script|img|iframe|video|source)\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')


def loaded_urls(html):
    """(kind, url) of what the browser fetches for this HTML without anyone clicking."""
    html = NOT_LOADED.sub("", html)
    seen = set()
    for kind, url in _references(html):
        if url not in seen:  # a script included by two blocks is fetched once
            seen.add(url)
            yield kind, url


def _references(html):
    for tag, attributes in TAG.findall(html):
        tag, found = tag.lower(), dict((k.lower(), unescape(v)) for k, v in ATTRIBUTE.findall(attributes))
        if tag == "link" and ({"stylesheet", "icon"} & set(found.get("rel", "").split())) and found.get("href"):
            yield "css" if "stylesheet" in found["rel"] else "icon", found["href"]
        elif tag in ("script", "img") and found.get("src"):
            yield tag, found["src"]
        elif tag == "iframe" and found.get("src"):
            yield "frame", found["src"]
        # <video>/<source>: video, left out on purpose


def file_size(client, url):
    path = urlparse(url).path
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL):])
        assert found, f"{url} is not a static file"
        with open(found, "rb") as handle:
            return len(gzip.compress(handle.read(), 9))
    if path.startswith(settings.MEDIA_URL):
        return default_storage.size(path[len(settings.MEDIA_URL):])
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(response.content if not response.streaming else b"".join(response.streaming_content))


def page_weight(client, url, depth=2):
    """(bytes, [(kind, url, bytes)], [other sites' frames]) for the page at `url`."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    items, elsewhere, total = [("html", url, len(response.content))], [], len(response.content)
    for kind, found in loaded_urls(html):
        if urlparse(found).netloc not in ("", "testserver"):
            if kind == "frame":
                elsewhere.append(found)
                continue
            raise AssertionError(f"{url} loads {found} from another site")
        if kind == "frame" and depth:
            size, inner, inner_elsewhere = page_weight(client, found, depth - 1)
            items += inner
            elsewhere += inner_elsewhere
        else:
            size = file_size(client, found)
            items.append((kind, found, size))
        total += size
    return total, items, elsewhere
