"""Hosted H5P embeds: only an https link to an allowed host (or its subdomain), parsed strictly.

A lax check (read the host the way Python's urlparse does, then compare) lets through links a
browser reads differently: `https://evil.example\\@h5p.org/` is evil.example to a browser but
h5p.org to urlparse; userinfo and odd ports hide the real host from a reader.
"""

import pytest
from wagtail.blocks import StructBlockValidationError

from courses.h5p.blocks import H5PBlock
from courses.h5p.hosted import hosted_url_refusal

HOSTS = ["h5p.com", "h5p.org"]

GOOD = [
    "https://h5p.org/h5p/embed/617",
    "https://example.h5p.com/content/1291/embed",
    "https://deep.sub.h5p.com/content/1/embed?lang=af#start",
    "https://H5P.ORG/h5p/embed/617",
    "https://h5p.org:443/h5p/embed/617",
    "https://h5p.org",
]

BAD = {
    "userinfo before an allowed-looking host": "https://h5p.org@evil.example/h5p/embed/617",
    "userinfo before the allowed host": "https://someone@h5p.org/h5p/embed/617",
    "user and password": "https://a:b@example.h5p.com/content/1/embed",
    "backslash then userinfo": "https://evil.example\\@h5p.org/",
    "backslash inside the host": "https://evil.example\\.h5p.org/",
    "backslash in the path": "https://h5p.org/h5p\\embed/617",
    "another port": "https://h5p.org:8443/h5p/embed/617",
    "an empty port": "https://h5p.org:/h5p/embed/617",
    "a port that is not a number": "https://h5p.org:https/h5p/embed/617",
    "plain http": "http://h5p.org/h5p/embed/617",
    "javascript": "javascript:alert(document.domain)//https://h5p.org/",
    "data": "data:text/html,<script>alert(1)</script>",
    "scheme-relative": "//h5p.org/h5p/embed/617",
    "one slash": "https:/h5p.org/h5p/embed/617",
    "three slashes": "https:///h5p.org/h5p/embed/617",
    "no host": "https://",
    "a host that only ends like an allowed one": "https://evilh5p.org/",
    "a hyphenated look-alike": "https://evil-h5p.org/",
    "the allowed host as a subdomain of another": "https://h5p.org.evil.example/",
    "a trailing dot": "https://h5p.org./h5p/embed/617",
    "an empty label": "https://evil..h5p.org/",
    "a percent-encoded dot": "https://evil%2eexample%2Eh5p.org/",
    "a percent-encoded at": "https://h5p.org%40evil.example/",
    "a full-width dot": "https://h5p\uff0eorg/h5p/embed/617",
    "a non-ASCII host": "https://h5p.\u043erg/",
    "a tab in the host": "https://h5p.org\t.evil.example/",
    "a newline": "https://h5p.org/h5p/embed/617\n",
    "leading space": " https://h5p.org/h5p/embed/617",
    "an IP address": "https://127.0.0.1/h5p/embed/617",
    "an IPv6 address": "https://[::1]/h5p/embed/617",
    "a fragment that looks like a host": "https://evil.example#@h5p.org",
    "a query that looks like a host": "https://evil.example?@h5p.org",
    "empty": "",
    "not text": None,
}


@pytest.mark.parametrize("url", GOOD)
def test_an_https_link_to_an_allowed_host_or_its_subdomain_is_accepted(url):
    assert hosted_url_refusal(url, HOSTS) is None


@pytest.mark.parametrize("url", BAD.values(), ids=BAD.keys())
def test_a_link_that_could_reach_another_host_is_refused(url):
    assert hosted_url_refusal(url, HOSTS)


def hosted_value(url):
    block = H5PBlock()
    return block, block.to_python({
        "mode": "hosted", "package": None, "embed_url": url, "title": "Budget quiz", "pass_percent": 70, "required": False,
    })


# The editor's URL field trims whitespace and adds the scheme before our check: it saves these
# as the plain https link, which passes.
TIDIED_BY_THE_FIELD = {"scheme-relative", "a newline", "leading space"}
REFUSED_BY_THE_EDITOR = {case: url for case, url in BAD.items() if case not in TIDIED_BY_THE_FIELD}


@pytest.mark.parametrize("url", REFUSED_BY_THE_EDITOR.values(), ids=REFUSED_BY_THE_EDITOR.keys())
def test_the_editor_refuses_a_hosted_block_with_such_a_link(settings, url):
    settings.H5P_EMBED_HOSTS = HOSTS
    block, value = hosted_value(url or "")

    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)

    assert "embed_url" in refused.value.block_errors


@pytest.mark.parametrize("url", GOOD)
def test_the_editor_saves_a_hosted_block_with_a_good_link(settings, url):
    settings.H5P_EMBED_HOSTS = HOSTS
    block, value = hosted_value(url)

    assert block.clean(value)["embed_url"] == url


@pytest.mark.parametrize("case", sorted(TIDIED_BY_THE_FIELD))
def test_the_editor_saves_a_link_its_field_tidied_as_the_plain_https_link(settings, case):
    settings.H5P_EMBED_HOSTS = HOSTS
    block, value = hosted_value(BAD[case])

    assert block.clean(value)["embed_url"] == "https://h5p.org/h5p/embed/617"
