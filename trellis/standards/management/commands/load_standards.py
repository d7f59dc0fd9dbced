from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.standards.datafile import StandardDataError
from trellis.standards.services import StandardLockedError, standard_files, standards_load


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
        files = self.files_find(paths or [Path(settings.TRELLIS_STANDARDS_DIR)])
        try:
            results = standards_load(paths=files)
        except (StandardDataError, StandardLockedError) as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            for result in results:
                self.stdout.write(f"{result.reference} v{result.version}: {result.outcome}")

    def files_find(self, paths: list[Path]) -> list[Path]:
        """Return the data files named, with each folder replaced by the files in it."""
        missing = [path for path in paths if not path.exists()]
        if missing:
            raise CommandError("\n".join(f"No such file: {path}" for path in missing))
        files = []
        for path in paths:
            if path.is_dir():
                found = standard_files(path)
                if not found:
                    raise CommandError(f"No standard data files (*.toml) in {path}")
                files.extend(found)
            else:
                files.append(path)
        return files
