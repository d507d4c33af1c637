"""Print a new Ed25519 private key for CREDENTIAL_SIGNING_KEY (credentials of certificates)."""

from django.core.management.base import BaseCommand

from enrolment.credentials import new_key_text


class Command(BaseCommand):
    help = (
        "Print a new CREDENTIAL_SIGNING_KEY. Keep it secret. Changing it later makes credentials issued "
        "before the change fail verification: set it once per platform."
    )

    def handle(self, *args, **options):
        self.stdout.write(new_key_text())
