from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms_site.outbox import register_attachment

        from .invoices import render_pdf_by_id

        # A receipt names its invoice; the PDF is rendered from the invoice's stored figures when it is sent.
        register_attachment("invoice_pdf", render_pdf_by_id)
