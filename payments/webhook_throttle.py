"""Refused webhook deliveries are counted per client address; past a limit, that address is answered 429.

A forged delivery (bad signature, wrong source, unreadable, another merchant, a gateway we do not
run) costs a row in the webhook log and, for PayFast, possibly a call to its validate endpoint.
So each address may be refused WEBHOOK_REFUSED_LIMIT times per WEBHOOK_REFUSED_WINDOW seconds;
after that its deliveries answer 429 before anything is read or stored. The log gets one row when
an address crosses the limit and a line in the application log every so often with the count.

Only refusals of the delivery itself count: an authentic delivery the services refuse (amount
mismatch, unknown reference) is the gateway's, and PayFast's validate endpoint being down
(`validate_unavailable`) is nobody's fault. The count lives in the shared cache and is keyed by
the trusted client address (lms_site.client_address), so forged posts from one address never
throttle the gateway's deliveries from its own.
"""

import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("lms.payments")
NOT_COUNTED = {"validate_unavailable"}
LOG_EVERY = 100  # throttled deliveries between two lines in the application log


def limit():
    return int(getattr(settings, "WEBHOOK_REFUSED_LIMIT", 20))


def window():
    return int(getattr(settings, "WEBHOOK_REFUSED_WINDOW", 600))


def _key(address, kind="refused"):
    return f"payments:webhook-{kind}:{address or 'unknown'}"


def _incr(key):
    cache.add(key, 0, window())
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window())
        return 1


def is_throttled(address):
    """True when this address has been refused `limit()` times within the window."""
    return (cache.get(_key(address)) or 0) >= limit()


def count_refusal(address, code):
    """Count one refused delivery; True when this one reached the limit (the moment to log it once)."""
    if code in NOT_COUNTED:
        return False
    return _incr(_key(address)) == limit()


def count_throttled(address, gateway):
    """Count a delivery answered 429 (not stored); log the running total now and then."""
    throttled = _incr(_key(address, "throttled"))
    if throttled == 1 or throttled % LOG_EVERY == 0:
        logger.warning("%s webhook deliveries from %s throttled: %d answered 429 in this window",
                       gateway, address or "an unknown address", throttled)
    return throttled
