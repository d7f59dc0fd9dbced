from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.standards.datafile import StandardDataError
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
        files = self.files_find(paths or [Path(settings.TRELLIS_FEED_DIR)])
        try:
            results = feed_files_import(paths=files)
        except (StandardDataError, StandardLockedError) as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            for result in results:
                self.stdout.write(f"{result.reference} v{result.version}: {result.outcome}")

    def files_find(self, paths: list[Path]) -> list[Path]:
        """Return the record files named, with each folder replaced by the *.json files in it."""
        missing = [path for path in paths if not path.exists()]
        if missing:
            raise CommandError("\n".join(f"No such file: {path}" for path in missing))
        files = []
        for path in paths:
            if path.is_dir():
                found = sorted(path.glob("*.json"))
                if not found:
                    raise CommandError(f"No records (*.json) in {path}")
                files.extend(found)
            else:
                files.append(path)
        return files
