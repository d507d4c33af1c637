"""Every HTTP call this site makes to another server goes through `call`.

One place sets the timeout (OUTBOUND_TIMEOUT_SECONDS, default 10 s), logs each call (method,
host, path, status, milliseconds; never the body or headers, which carry secrets), and turns
network failures into one `OutboundError`. Tests point a call at a local stub server by its URL;
nothing here reaches the internet by itself. Payment gateways and notification providers use
it too, so a slow partner can never hang a request worker.
"""

import logging
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from django.conf import settings

logger = logging.getLogger("lms.outbound")


class OutboundError(Exception):
    """The other server could not be reached, timed out, or answered something unreadable."""


@dataclass
class Answer:
    status: int
    body: dict = field(default_factory=dict)  # the JSON object answered, {} when it was not one
    text: str = ""


def timeout_seconds():
    return float(getattr(settings, "OUTBOUND_TIMEOUT_SECONDS", 10))


def call(method, url, *, json=None, data=None, headers=None, timeout=None):
    """Send one request; returns an Answer (any HTTP status) or raises OutboundError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundError(f"Not an http(s) URL: {url!r}")
    started = time.monotonic()
    try:
        response = requests.request(
            method, url, json=json, data=data, headers={"Accept": "application/json", **(headers or {})},
            timeout=timeout if timeout is not None else timeout_seconds(), allow_redirects=False,
        )
    except requests.RequestException as error:
        logger.warning("%s %s%s failed after %d ms: %s", method, parts.netloc, parts.path,
                       (time.monotonic() - started) * 1000, type(error).__name__)
        raise OutboundError(f"{parts.netloc} could not be reached ({type(error).__name__}).") from error
    logger.info("%s %s%s -> %s in %d ms", method, parts.netloc, parts.path, response.status_code,
                (time.monotonic() - started) * 1000)
    try:
        body = response.json()
    except ValueError:
        body = {}
    return Answer(response.status_code, body if isinstance(body, dict) else {}, response.text[:2000])


def post_json(url, payload, headers=None, timeout=None):
    return call("POST", url, json=payload, headers=headers, timeout=timeout)
