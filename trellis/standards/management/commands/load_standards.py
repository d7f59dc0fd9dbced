from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.standards.datafile import StandardDataError
from trellis.standards.management.files import files_named
from trellis.standards.services import StandardLockedError, standards_load


class Command(BaseCommand):
    help = (
        "Load standard data files (TOML) into the database: the files or folders named, or "
        "every file in TRELLIS_STANDARDS_DIR. Nothing is loaded unless every file is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="*", type=Path, metavar="PATH", help="A data file or a folder of them."
        )

    def handle(self, *args, paths: list[Path], verbosity: int, **options) -> None:
        files = files_named(
            paths or [Path(settings.TRELLIS_STANDARDS_DIR)],
            pattern="*.toml",
            kind="standard data files",
        )
        try:
            results = standards_load(paths=files)
        except (StandardDataError, StandardLockedError) as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            for result in results:
                self.stdout.write(f"{result.reference} v{result.version}: {result.outcome}")
