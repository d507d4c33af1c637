"""drf-spectacular hooks."""


def only_public_api(endpoints, **kwargs):
    """Keep our /api/ endpoints; Wagtail's internal admin API is not part of the contract."""
    return [e for e in endpoints if e[0].startswith("/api/")]
