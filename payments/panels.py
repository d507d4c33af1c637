"""The status panel of the payment gateway settings: what the server has, so the switches are not guessed."""

from wagtail.admin.panels import HelpPanel


class GatewayStatusPanel(HelpPanel):
    """Each gateway the server lists: its keys set or missing (by name, never the values), switched on or off,
    offered to buyers or not; and the PayFast addresses in use."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "payments/admin/gateway_status_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            from . import gateways
            from .gateways import payfast

            context = super().get_context_data(parent_context)
            switches = self.instance
            context["gateways"] = [
                {"label": g.label, "missing": g.missing_keys(), "on": switches.is_switched_on(g.slug),
                 "offered": switches.is_switched_on(g.slug) and g.is_configured()}
                for g in gateways.installed().values()
            ]
            if "payfast" in gateways.installed():
                context["payfast"] = payfast.addresses(sandbox=switches.payfast_sandbox)
            return context
