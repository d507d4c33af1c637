"""The client's address, from the one trusted place (`NUM_PROXIES`, as DRF's throttles and allauth read it).

With no proxy in front it is REMOTE_ADDR: an X-Forwarded-For sent by the client is ignored. With
N proxies it is the address the nearest of them saw: X-Forwarded-For counted N from the right,
so a client cannot choose it by adding entries on the left.
"""

from django.conf import settings


def client_ip(request):
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")
