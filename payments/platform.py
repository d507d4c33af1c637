"""The platform's settings that money depends on (VAT rate and number, address, share, hold, threshold).

They are `home.PlatformSettings`, a Wagtail site setting edited by admins. `home` is the top room
(it seeds every room's demo), so `payments` looks the model up by name instead of importing it.
"""

from django.apps import apps
from wagtail.models import Site


def platform_settings():
    """The default site's PlatformSettings (created with its defaults on first use)."""
    model = apps.get_model("home", "PlatformSettings")
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return model.for_site(site)
