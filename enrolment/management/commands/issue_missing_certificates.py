"""Queue a certificate for every completed enrolment that has none (after a deploy, or if the pdf queue had no worker)."""

from django.core.management.base import BaseCommand

from enrolment.models import Enrolment
from enrolment.tasks import issue_certificate


class Command(BaseCommand):
    help = "Queue the certificate of every completed enrolment without one (idempotent: safe to run again)."

    def handle(self, *args, **options):
        missing = Enrolment.objects.filter(completed_at__isnull=False, certificate__isnull=True).values_list("pk", flat=True)
        count = 0
        for enrolment_id in missing.iterator():
            issue_certificate.delay(enrolment_id)
            count += 1
        self.stdout.write(f"Queued {count} certificate{'s' if count != 1 else ''}.")
