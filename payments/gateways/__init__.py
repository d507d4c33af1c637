"""The enabled gateways: `settings.PAYMENT_GATEWAYS` names their classes, in the order buyers see them.

`enabled()` lists every named gateway; `available()` only those whose keys are set. A gateway
without its keys is shown as unavailable and refuses to start a checkout (503), never half-works.
"""

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Gateway, GatewayError


@lru_cache(maxsize=8)
def load(paths):
    gateways = {}
    for path in paths:
        gateway = import_string(path)()
        if not isinstance(gateway, Gateway) or not gateway.slug:
            raise TypeError(f"{path} is not a payments.gateways.base.Gateway with a slug.")
        gateways[gateway.slug] = gateway
    return gateways


def enabled():
    return load(tuple(getattr(settings, "PAYMENT_GATEWAYS", ())))


def available():
    return [g for g in enabled().values() if g.is_configured()]


def get(slug, *, configured=True):
    """The enabled gateway named `slug`; GatewayError 400 when there is none, 503 when its keys are missing."""
    gateway = enabled().get(slug)
    if gateway is None:
        names = ", ".join(enabled()) or "none"
        raise GatewayError(f"There is no payment gateway called {slug!r} here (enabled: {names}).",
                           "unknown_gateway", status=400)
    if configured and not gateway.is_configured():
        raise GatewayError(f"{gateway.label} is not available at the moment.", "gateway_unavailable", status=503)
    return gateway
