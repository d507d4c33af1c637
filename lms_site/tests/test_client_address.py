"""The client's address comes from NUM_PROXIES: a header the client sends chooses nothing."""

from django.test import RequestFactory, override_settings

from lms_site.client_address import client_ip


def request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post("/", REMOTE_ADDR=remote, **extra)


@override_settings(NUM_PROXIES=0)
def test_without_a_proxy_the_address_is_the_connections_and_forwarded_for_is_ignored():
    assert client_ip(request("10.1.1.1", "197.97.145.150")) == "10.1.1.1"


@override_settings(NUM_PROXIES=1)
def test_behind_one_proxy_the_address_is_the_one_the_proxy_saw():
    assert client_ip(request("10.0.0.2", "197.97.145.150, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request("10.0.0.2", "203.0.113.9")) == "203.0.113.9"


@override_settings(NUM_PROXIES=1)
def test_behind_a_proxy_with_no_forwarded_header_the_connection_counts():
    assert client_ip(request("10.0.0.2")) == "10.0.0.2"
