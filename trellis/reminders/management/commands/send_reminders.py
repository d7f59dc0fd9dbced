import io
from contextlib import redirect_stdout
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from trellis.reminders.services import describe, reminders_send


class Command(BaseCommand):
    help = (
        "Send each reminder that is due (reviews, signatures, off-the-job hours to confirm, "
        "assessment dates, Showcases near gateway) to each person once. Meant for cron: "
        "running it again sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Send as on this day (YYYY-MM-DD) instead of today, to catch up."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be sent; send nothing."
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date {options['date']!r} is not a date: give it as YYYY-MM-DD, "
                    "such as 2026-12-04."
                ) from None
        # A development mail backend prints each email; the count still comes first.
        printed = io.StringIO()
        with redirect_stdout(printed):
            result = reminders_send(today=today, dry_run=options["dry_run"])
        for line in describe(result, dry_run=options["dry_run"]):
            self.stdout.write(line)
        if printed.getvalue():
            self.stdout.write(printed.getvalue(), ending="")
