"""Writes for standards: a standard version changes only by loading its data file."""

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from trellis.standards.datafile import (
    Problem,
    StandardData,
    StandardDataError,
    StandardFilesError,
    content_hash,
    parse_standard_file,
    version_key,
)
from trellis.standards.models import KSB, Standard, StandardVersion, Theme

Outcome = Literal["created", "updated", "unchanged"]


class StandardLockedError(Exception):
    """A standard version whose rules cannot change because assessments depend on them."""


@dataclass(frozen=True)
class LoadResult:
    """What loading one data file did to its standard version."""

    reference: str
    version: str
    outcome: Outcome
    source_file: str


def standard_files(directory: Path) -> list[Path]:
    """Return the standard data files (*.toml) in a folder, sorted by name."""
    return sorted(path for path in directory.glob("*.toml") if path.is_file())


def standard_file_load(*, path: Path) -> LoadResult:
    """Load one standard data file, creating or updating its standard version."""
    data = _standard_file_check(path)
    with transaction.atomic():
        return _standard_data_save(data=data, source_file=path.name)


def standards_load(*, paths: list[Path]) -> list[LoadResult]:
    """Load every data file, or none of them if any is invalid or locked."""
    checked: list[tuple[Path, StandardData]] = []
    errors: list[StandardDataError] = []
    first_file: dict[tuple[str, str], str] = {}
    for path in paths:
        try:
            data = _standard_file_check(path)
        except StandardDataError as error:
            errors.append(error)
            continue
        key = (data.reference, data.version)
        if key in first_file:
            problem = ("version", f"{data.reference} v{data.version} is also in {first_file[key]}")
            errors.append(StandardDataError(path.name, [problem]))
            continue
        first_file[key] = path.name
        checked.append((path, data))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise StandardFilesError(errors)
    with transaction.atomic():
        return [_standard_data_save(data=data, source_file=path.name) for path, data in checked]


# --- Checking ---------------------------------------------------------------------------------


def _standard_file_check(path: Path) -> StandardData:
    """Parse and validate a data file, including what the database columns can hold."""
    data = parse_standard_file(path)
    problems = _column_length_problems(data)
    if problems:
        raise StandardDataError(path.name, problems)
    return data


def _column_length_problems(data: StandardData) -> list[Problem]:
    """Return a problem for each text longer than its database column allows."""
    texts: list[tuple[str, str, type[Model], str]] = [
        ("reference", data.reference, Standard, "reference"),
        ("title", data.title, Standard, "title"),
        ("version", data.version, StandardVersion, "version"),
        ("assessment_plan", data.assessment_plan, StandardVersion, "assessment_plan"),
        *((f"themes[{i}].title", t.title, Theme, "title") for i, t in enumerate(data.themes)),
        *((f"ksbs[{i}].code", k.code, KSB, "code") for i, k in enumerate(data.ksbs)),
    ]
    problems = []
    for path, value, model, field_name in texts:
        limit = model._meta.get_field(field_name).max_length
        if len(value) > limit:
            problems.append((path, f"must be at most {limit} characters long"))
    return problems


# --- Saving -----------------------------------------------------------------------------------


def _standard_data_save(*, data: StandardData, source_file: str) -> LoadResult:
    """Create or update one validated standard version; call inside a transaction."""
    new_hash = content_hash(data)
    standard = Standard.objects.filter(reference=data.reference).first()
    version = None
    if standard is not None:
        version = (
            StandardVersion.objects.select_for_update()
            .filter(standard=standard, version=data.version)
            .first()
        )
    if version is not None and version.content_hash == new_hash:
        return LoadResult(data.reference, data.version, "unchanged", source_file)
    if version is not None and _has_recorded_assessments(version):
        raise StandardLockedError(
            f"{data.reference} v{data.version} already has recorded assessments, so its rules "
            f"cannot change. Add a new version (for example "
            f"{data.reference}-{_next_version(standard)}.toml) instead."
        )
    standard = _standard_save(standard=standard, data=data)
    outcome: Outcome = "created" if version is None else "updated"
    version = _version_save(
        standard=standard, version=version, data=data, source_file=source_file, new_hash=new_hash
    )
    themes = _themes_save(version=version, data=data)
    _ksbs_save(version=version, data=data, themes=themes)
    numbers = {item.number for item in data.themes}
    for number, theme in themes.items():
        if number not in numbers:
            theme.delete()
    return LoadResult(data.reference, data.version, outcome, source_file)


def _has_recorded_assessments(version: StandardVersion) -> bool:
    """Tell whether any assessment has been recorded against this version's rules."""
    # Read through the reverse relation so that standards need not import apprenticeships.
    # The EPA app's assessment records will extend this check once they exist.
    apprenticeships = version.apprenticeships
    return apprenticeships.filter(status__in=apprenticeships.model.ASSESSED_STATUSES).exists()


def _next_version(standard: Standard) -> str:
    """Return the minor version after the highest one loaded, such as 1.1 after 1.0."""
    loaded = standard.versions.values_list("version", flat=True)
    *major, minor = version_key(max(loaded, key=version_key))
    return ".".join(str(part) for part in (*major, minor + 1))


def _changed_fields(instance: Model, values: dict[str, object]) -> list[str]:
    """Set the values that differ on instance and return their field names."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def _standard_save(*, standard: Standard | None, data: StandardData) -> Standard:
    """Create the standard, or update its identity when this is its highest version."""
    values = {"title": data.title, "level": data.level, "lars_code": data.lars_code}
    if standard is None:
        return Standard.objects.create(reference=data.reference, **values)
    # A standard's title and level can change between versions; reloading an older version
    # must not undo the newer one's.
    loaded = standard.versions.values_list("version", flat=True)
    if all(version_key(data.version) >= version_key(other) for other in loaded):
        changed = _changed_fields(standard, values)
        if changed:
            standard.save(update_fields=changed)
    return standard


def _version_save(
    *,
    standard: Standard,
    version: StandardVersion | None,
    data: StandardData,
    source_file: str,
    new_hash: str,
) -> StandardVersion:
    """Create or update the standard version's own row."""
    values = {
        "assessment_plan": data.assessment_plan,
        "typical_duration_months": data.typical_duration_months,
        "minimum_duration_months": data.minimum_duration_months,
        "rules": data.rules(),
        "source_file": source_file,
        "content_hash": new_hash,
        "loaded_at": timezone.now(),
    }
    if version is None:
        return StandardVersion.objects.create(standard=standard, version=data.version, **values)
    version.save(update_fields=_changed_fields(version, values))
    return version


def _themes_save(*, version: StandardVersion, data: StandardData) -> dict[int, Theme]:
    """Create or update the file's themes, matched by number; return every theme by number."""
    themes = {theme.number: theme for theme in version.themes.all()}
    for item in data.themes:
        theme = themes.get(item.number)
        if theme is None:
            themes[item.number] = Theme.objects.create(
                standard_version=version, number=item.number, title=item.title
            )
        elif _changed_fields(theme, {"title": item.title}):
            theme.save(update_fields=["title"])
    return themes


def _ksbs_save(*, version: StandardVersion, data: StandardData, themes: dict[int, Theme]) -> None:
    """Create, update and delete KSBs, matched by GUID so that their ids survive a reload."""
    existing = {ksb.guid: ksb for ksb in version.ksbs.all()}
    wanted = {uuid.UUID(item.id): item for item in data.ksbs}
    for guid, ksb in existing.items():
        if guid not in wanted:
            ksb.delete()
    kept = {guid: ksb for guid, ksb in existing.items() if guid in wanted}
    # Codes are unique within a version, so a KSB giving up a code another KSB takes (two
    # behaviours renumbered, say) first moves to a placeholder no data file can use.
    wanted_codes = {item.code for item in data.ksbs}
    giving_up = [
        ksb
        for guid, ksb in kept.items()
        if ksb.code != wanted[guid].code and ksb.code in wanted_codes
    ]
    for index, ksb in enumerate(giving_up):
        ksb.code = f"~{index}"
        ksb.save(update_fields=["code"])
    for position, (guid, item) in enumerate(wanted.items()):
        values = {
            "code": item.code,
            "kind": item.kind,
            "statement": item.statement,
            "theme_id": themes[item.theme].pk if item.theme is not None else None,
            "position": position,
        }
        ksb = kept.get(guid)
        if ksb is None:
            KSB.objects.create(standard_version=version, guid=guid, **values)
        else:
            changed = _changed_fields(ksb, values)
            if changed:
                ksb.save(update_fields=changed)
