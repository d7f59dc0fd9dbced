"""Find the files a standards command was given, with each folder replaced by its files."""

from pathlib import Path

from django.core.management.base import CommandError


def files_named(paths: list[Path], *, pattern: str, kind: str) -> list[Path]:
    """Return the files named, each folder replaced by its files matching `pattern`, sorted."""
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise CommandError("\n".join(f"No such file: {path}" for path in missing))
    files = []
    for path in paths:
        if path.is_dir():
            found = sorted(item for item in path.glob(pattern) if item.is_file())
            if not found:
                raise CommandError(f"No {kind} ({pattern}) in {path}")
            files.extend(found)
        else:
            files.append(path)
    return files
