"""Which hosted H5P embed links a lesson may frame: the one rule the editor, the page and the API use.

A link passes only if a browser and this check cannot disagree about its host: `https`, no
user name or password, no port but the default, no backslash (browsers read `\\` as `/`, so
`https://evil.example\\@h5p.org/` goes to evil.example while urlparse says h5p.org), no
whitespace, control or non-ASCII characters and no percent-escapes in the host, and a host that
is one of `H5P_EMBED_HOSTS` or a subdomain of one.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings

LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
HTTPS_DEFAULT_PORT = 443


def allowed_hosts():
    return [host.lower() for host in getattr(settings, "H5P_EMBED_HOSTS", [])]


def hosted_url_refusal(url, hosts=None):
    """None if `url` is an embed link a lesson may frame, else a sentence saying what is wrong."""
    hosts = allowed_hosts() if hosts is None else [host.lower() for host in hosts]
    if not isinstance(url, str) or not url.isascii() or not url.isprintable() or " " in url or "\\" in url:
        return "Enter the embed link as the host gives it: no spaces, backslashes or unusual characters."
    if not url.lower().startswith("https://"):
        return "Enter the https embed link."
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "Enter the embed link as the host gives it: this one is not a valid web address."
    host = parts.hostname or ""
    # The address part must be the host alone (or with :443): no user name, password or other port.
    if parts.netloc.lower() not in (host, f"{host}:{HTTPS_DEFAULT_PORT}") or port not in (None, HTTPS_DEFAULT_PORT):
        return "Enter the embed link without a user name, password or port."
    labels = host.split(".")
    if not all(LABEL.match(label) for label in labels) or labels[-1].isdigit():
        return "Enter the embed link with the host's name (not an IP address)."
    if not any(host == allowed or host.endswith("." + allowed) for allowed in hosts):
        return f"H5P hosts allowed on this site: {', '.join(hosts)} (and their subdomains)."
    return None


def embeddable_url(url):
    """The link if a lesson may frame it today, else "" (a link saved before a rule or host changed)."""
    return url if url and hosted_url_refusal(url) is None else ""
