from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.standards.datafile import StandardDataError
from trellis.standards.management.files import files_named
from trellis.standards.services import StandardLockedError, feed_files_import


class Command(BaseCommand):
    help = (
        "Import standard versions from records of the official standards feed (JSON: one record "
        "or an array of them): the files or folders named, or every record in TRELLIS_FEED_DIR. "
        "Nothing is imported unless every record is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="*", type=Path, metavar="FILE", help="A record file or a folder of them."
        )

    def handle(self, *args, paths: list[Path], verbosity: int, **options) -> None:
        files = files_named(
            paths or [Path(settings.TRELLIS_FEED_DIR)], pattern="*.json", kind="records"
        )
        try:
            results = feed_files_import(paths=files)
        except (StandardDataError, StandardLockedError) as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            for result in results:
                self.stdout.write(f"{result.reference} v{result.version}: {result.outcome}")
