"""The gateways: `settings.PAYMENT_GATEWAYS` installs them (in the order buyers see them), admins switch them.

- `installed()`: every gateway the settings name. Webhooks, refunds, verify calls and subscription
  cancels use this: money that already moved through a gateway is recorded even after an admin
  switched it off.
- `enabled()`: installed and switched on in Settings > Payment gateways (`payments.GatewaySettings`).
- `available()`: enabled and with its keys set: what buyers are offered.
- `get(slug)`: the gateway a new checkout may use; 400 when unknown or switched off, 503 when its
  keys are missing. A gateway without its keys never half-works.
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


def installed():
    return load(tuple(getattr(settings, "PAYMENT_GATEWAYS", ())))


def switches():
    """The admins' switches (one row, created with its defaults on first use)."""
    from ..models import GatewaySettings

    return GatewaySettings.load()


def enabled():
    on = switches()
    return {slug: gateway for slug, gateway in installed().items() if on.is_switched_on(slug)}


def available():
    return [g for g in enabled().values() if g.is_configured()]


def get(slug, *, configured=True):
    """The gateway named `slug` for a new checkout; GatewayError 400 when unknown or switched off, 503 when its keys are missing."""
    gateway = installed().get(slug)
    if gateway is None:
        names = ", ".join(enabled()) or "none"
        raise GatewayError(f"There is no payment gateway called {slug!r} here (offered: {names}).",
                           "unknown_gateway", status=400)
    if not switches().is_switched_on(slug):
        names = ", ".join(g.label for g in available()) or "none at the moment"
        raise GatewayError(f"{gateway.label} is switched off on this site; choose another way to pay ({names}).",
                           "gateway_disabled", status=400)
    if configured and not gateway.is_configured():
        raise GatewayError(f"{gateway.label} is not available at the moment.", "gateway_unavailable", status=503)
    return gateway
