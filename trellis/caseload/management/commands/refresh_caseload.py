"""Recompute every apprenticeship's caseload summary, for use after a data repair."""

from django.core.management.base import BaseCommand

from trellis.apprenticeships.models import Apprenticeship
from trellis.caseload.services import caseload_summary_refresh


class Command(BaseCommand):
    help = "Recompute the caseload summary of every apprenticeship (after repairing data)."

    def handle(self, *args, **options):
        total = 0
        for apprenticeship in Apprenticeship.objects.order_by("pk").iterator(chunk_size=500):
            caseload_summary_refresh(apprenticeship=apprenticeship)
            total += 1
        self.stdout.write(f"Refreshed the caseload summaries of {total} apprenticeships.")
