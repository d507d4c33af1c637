"""Read a Content-Security-Policy header the way a browser does, enough to ask "may this URL load?".

Covers what our policies use: keywords ('self', 'none', ...), scheme sources (`data:`), and host
sources with an optional scheme, `*.` wildcard, port and path (a path ending in `/` allows what
is under it, any other path exactly that file), with CSP3's rules that `http:` also allows
`https:` and that both paths are compared percent-decoded.
"""

from urllib.parse import unquote, urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def parse_policy(header):
    """{directive: [source, ...]} from a header value; the first of a repeated directive wins."""
    policy = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens and tokens[0].lower() not in policy:
            policy[tokens[0].lower()] = tokens[1:]
    return policy


def sources_for(policy, directive):
    if directive in policy:
        return policy[directive]
    return policy.get("default-src", [])


def allows(header, directive, url, page_url):
    """Would a page at `page_url` with this policy load `url` for `directive` (e.g. "script-src")?"""
    target, page = urlsplit(url), urlsplit(page_url)
    return any(_matches(source, target, page) for source in sources_for(parse_policy(header), directive))


def _scheme_matches(expected, actual):
    return expected == actual or (expected, actual) in {("http", "https"), ("ws", "wss")}


def _matches(source, target, page):
    lowered = source.lower()
    if lowered == "'self'":
        return (target.scheme, target.netloc) == (page.scheme, page.netloc) or (
            page.scheme == "http" and target.scheme == "https" and target.hostname == page.hostname
        )
    if lowered.startswith("'"):
        return False  # 'none', 'unsafe-eval', nonces...: not a place to load from
    if lowered == "*":
        return target.scheme in ("http", "https")
    if lowered.endswith(":") and "/" not in lowered:
        return _scheme_matches(lowered[:-1], target.scheme)
    scheme, rest = (source.split("://", 1) if "://" in source else (page.scheme, source))
    scheme = scheme.lower()
    if not _scheme_matches(scheme, target.scheme):
        return False
    host_port, slash, path = rest.partition("/")
    path = slash + path  # paths are case-sensitive; scheme and host are not
    host, _, port = host_port.lower().partition(":")
    target_host = (target.hostname or "").lower()
    if host.startswith("*."):
        if not target_host.endswith(host[1:]):
            return False
    elif host != target_host:
        return False
    target_port = target.port or DEFAULT_PORTS.get(target.scheme)
    if port == "*":
        pass
    elif port:
        if int(port) != target_port:
            return False
    elif target_port not in (DEFAULT_PORTS.get(scheme), DEFAULT_PORTS.get(target.scheme)):
        return False
    if path:
        wanted, actual = unquote(path), unquote(target.path or "/")
        return actual.startswith(wanted) if wanted.endswith("/") else actual == wanted
    return True
