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
    ksb_reference_problems,
    parse_standard_file,
    version_key,
)
from trellis.standards.feed import FeedRecord, parse_feed_file
from trellis.standards.models import KSB, Duty, Option, Standard, StandardVersion, Theme

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
        clash = _version_claim(first_file, data.reference, data.version, path, field="version")
        if clash is not None:
            errors.append(clash)
            continue
        checked.append((path, data))
    _raise_file_errors(errors)
    with transaction.atomic():
        return [_standard_data_save(data=data, source_file=path.name) for path, data in checked]


def feed_files_import(*, paths: list[Path]) -> list[LoadResult]:
    """Import standards-feed records from every file, or none if any record is invalid."""
    checked: list[tuple[Path, FeedRecord]] = []
    errors: list[StandardDataError] = []
    first_file: dict[tuple[str, str], str] = {}
    for path in paths:
        try:
            records = parse_feed_file(path)
        except StandardDataError as error:
            errors.append(error)
            continue
        problems = _feed_column_length_problems(records)
        if problems:
            errors.append(StandardDataError(path.name, problems))
            continue
        for record in records:
            clash = _version_claim(
                first_file, record.reference, record.version, path, field="versionNumber"
            )
            if clash is not None:
                errors.append(clash)
                continue
            checked.append((path, record))
    _raise_file_errors(errors)
    with transaction.atomic():
        return [_feed_record_save(record=record, source_file=path.name) for path, record in checked]


def _version_claim(
    first_file: dict[tuple[str, str], str], reference: str, version: str, path: Path, *, field: str
) -> StandardDataError | None:
    """Note which file gives this version; return an error if an earlier file gave it too."""
    key = (reference, version)
    if key in first_file:
        return StandardDataError(
            path.name, [(field, f"{reference} v{version} is also in {first_file[key]}")]
        )
    first_file[key] = path.name
    return None


def _raise_file_errors(errors: list[StandardDataError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise StandardFilesError(errors)


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
    return _too_long_problems(
        [
            ("reference", data.reference, Standard, "reference"),
            ("title", data.title, Standard, "title"),
            ("version", data.version, StandardVersion, "version"),
            ("assessment_plan", data.assessment_plan, StandardVersion, "assessment_plan"),
            *((f"themes[{i}].title", t.title, Theme, "title") for i, t in enumerate(data.themes)),
            *((f"ksbs[{i}].code", k.code, KSB, "code") for i, k in enumerate(data.ksbs)),
        ]
    )


FEED_KSB_ARRAYS = {"knowledge": "knowledges", "skill": "skills", "behaviour": "behaviours"}


def _feed_column_length_problems(records: list[FeedRecord]) -> list[Problem]:
    """Return a problem, with the API's path, for each text too long for its database column."""
    problems = []
    for index, record in enumerate(records):
        # Paths in an array of records begin with the record's index, as the parser's do.
        prefix = f"[{index}]." if len(records) > 1 else ""
        positions = dict.fromkeys(FEED_KSB_ARRAYS, 0)
        ksb_paths = []
        for ksb in record.ksbs:
            ksb_paths.append(f"{FEED_KSB_ARRAYS[ksb.kind]}[{positions[ksb.kind]}].detail")
            positions[ksb.kind] += 1
        options = list(enumerate(record.options))
        texts: list[tuple[str, str, type[Model], str]] = [
            ("referenceNumber", record.reference, Standard, "reference"),
            ("title", record.title, Standard, "title"),
            ("versionNumber", record.version, StandardVersion, "version"),
            ("status", record.status, StandardVersion, "status"),
            (
                "assessmentPlanUrl",
                record.assessment_plan_url,
                StandardVersion,
                "assessment_plan_url",
            ),
            ("standardPageUrl", record.standard_page_url, StandardVersion, "standard_page_url"),
            *((path, k.code, KSB, "code") for path, k in zip(ksb_paths, record.ksbs, strict=True)),
            *((f"options[{i}].title", o.title, Option, "title") for i, o in options),
            *((f"options[{i}].occupationCode", o.code, Option, "code") for i, o in options),
        ]
        problems += [(prefix + path, message) for path, message in _too_long_problems(texts)]
    return problems


def _too_long_problems(texts: list[tuple[str, str, type[Model], str]]) -> list[Problem]:
    """Return a problem for each (path, text, model, field) longer than the field allows."""
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
    standard, version = _existing_version_for_update(data.reference, data.version)
    imported_ksbs = list(version.ksbs.all()) if version is not None and version.is_from_feed else []
    disagreements = _file_ksb_disagreements(data, imported_ksbs, source_file)
    # Checked even for an unchanged file: the feed may have changed since it was loaded.
    if imported_ksbs and disagreements is not None:
        raise disagreements
    if version is not None and version.content_hash == new_hash:
        return LoadResult(data.reference, data.version, "unchanged", source_file)
    if (
        version is not None
        and _changes_what_was_assessed(version, data)
        and _has_recorded_assessments(version)
    ):
        raise StandardLockedError(
            f"{data.reference} v{data.version} already has recorded assessments, so its rules "
            f"cannot change. Add a new version (for example "
            f"{data.reference}-{_next_version(standard)}.toml) instead."
        )
    if not imported_ksbs and not data.ksbs:
        raise StandardDataError(
            source_file,
            [
                (
                    "ksbs",
                    f"the file lists none and no record of {data.reference} v{data.version} has "
                    "been imported from the standards feed: run manage.py import_ifate first",
                )
            ],
        )
    standard = _standard_save(
        standard=standard,
        reference=data.reference,
        version=data.version,
        values={"title": data.title, "level": data.level, "lars_code": data.lars_code},
    )
    outcome: Outcome = "created" if version is None else "updated"
    version = _version_save(
        standard=standard, version=version, data=data, source_file=source_file, new_hash=new_hash
    )
    themes = _themes_save(version=version, data=data)
    if imported_ksbs:
        _ksb_themes_save(ksbs=imported_ksbs, data=data, themes=themes)
    else:
        _ksbs_save(version=version, data=data, themes=themes)
    numbers = {item.number for item in data.themes}
    for number, theme in themes.items():
        if number not in numbers:
            theme.delete()
    return LoadResult(data.reference, data.version, outcome, source_file)


def _existing_version_for_update(
    reference: str, version: str
) -> tuple[Standard | None, StandardVersion | None]:
    """Return the standard and the version already loaded, the version locked for update."""
    standard = Standard.objects.filter(reference=reference).first()
    if standard is None:
        return None, None
    existing = (
        StandardVersion.objects.select_for_update()
        .filter(standard=standard, version=version)
        .first()
    )
    return standard, existing


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


def _row_save(
    model: type[Model],
    *,
    row: Model | None,
    version: StandardVersion,
    guid: str | uuid.UUID,
    values: dict[str, object],
) -> Model:
    """Create the version's row with this GUID, or save only what changed on the one there is."""
    if row is None:
        return model.objects.create(standard_version=version, guid=uuid.UUID(str(guid)), **values)
    changed = _changed_fields(row, values)
    if changed:
        row.save(update_fields=changed)
    return row


def _rows_delete_missing(existing: dict, wanted: dict) -> None:
    """Delete the rows whose GUID the new content no longer has."""
    for guid, row in existing.items():
        if guid not in wanted:
            row.delete()


def _changed_fields(instance: Model, values: dict[str, object]) -> list[str]:
    """Set the values that differ on instance and return their field names."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def _standard_save(
    *, standard: Standard | None, reference: str, version: str, values: dict[str, object]
) -> Standard:
    """Create the standard, or update its identity when this is its highest version."""
    if standard is None:
        return Standard.objects.create(reference=reference, **values)
    # A standard's title and level can change between versions; reloading an older version
    # must not undo the newer one's.
    loaded = standard.versions.values_list("version", flat=True)
    if all(version_key(version) >= version_key(other) for other in loaded):
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
    _rows_delete_missing(existing, wanted)
    kept = {guid: ksb for guid, ksb in existing.items() if guid in wanted}
    _free_codes(kept, {guid: item.code for guid, item in wanted.items()})
    for position, (guid, item) in enumerate(wanted.items()):
        values = {
            "code": item.code,
            "kind": item.kind,
            "statement": item.statement,
            "theme_id": themes[item.theme].pk if item.theme is not None else None,
            "position": position,
        }
        _row_save(KSB, row=kept.get(guid), version=version, guid=guid, values=values)


def _file_ksb_disagreements(
    data: StandardData, imported: list[KSB], source_file: str
) -> StandardDataError | None:
    """Check a data file against the KSBs imported from the feed, which are authoritative."""
    if not data.ksbs:
        problems = ksb_reference_problems(data, {ksb.code: ksb.kind for ksb in imported})
        return StandardDataError(source_file, problems) if problems else None
    by_guid = {str(ksb.guid): ksb for ksb in imported}
    problems: list[Problem] = []
    for index, item in enumerate(data.ksbs):
        official = by_guid.pop(item.id, None)
        if official is None:
            problems.append((f"ksbs[{index}].id", "is not a KSB of the imported official record"))
            continue
        for field in ("code", "kind", "statement"):
            if getattr(item, field) != getattr(official, field):
                problems.append(
                    (
                        f"ksbs[{index}].{field}",
                        f"differs from the imported official record: {getattr(official, field)!r}",
                    )
                )
    for ksb in by_guid.values():
        problems.append(("ksbs", f"{ksb.code} of the imported official record is missing"))
    return StandardDataError(source_file, problems) if problems else None


def _ksb_themes_save(*, ksbs: list[KSB], data: StandardData, themes: dict[int, Theme]) -> None:
    """Give imported KSBs the themes the data file's theme table names them in."""
    theme_by_code = {code: themes[t.number] for t in data.themes for code in (t.knowledge, t.skill)}
    for ksb in ksbs:
        theme = theme_by_code.get(ksb.code)
        theme_id = theme.pk if theme is not None else None
        if ksb.theme_id != theme_id:
            ksb.theme_id = theme_id
            ksb.save(update_fields=["theme"])


# --- The standards feed -----------------------------------------------------------------------


def _feed_record_save(*, record: FeedRecord, source_file: str) -> LoadResult:
    """Create or update one standard version from its official record; call in a transaction."""
    new_hash = record.content_hash()
    standard, version = _existing_version_for_update(record.reference, record.version)
    if version is not None and version.feed_hash == new_hash:
        return LoadResult(record.reference, record.version, "unchanged", source_file)
    if (
        version is not None
        and _ksb_content(version) != _record_ksb_content(record)
        and _has_recorded_assessments(version)
    ):
        raise StandardLockedError(
            f"{record.reference} v{record.version} already has recorded assessments, so its "
            "KSBs cannot change."
        )
    standard = _standard_save(
        standard=standard,
        reference=record.reference,
        version=record.version,
        values={"title": record.title, "level": record.level, "lars_code": record.lars_code},
    )
    outcome: Outcome = "created" if version is None else "updated"
    values = {
        "status": record.status,
        "earliest_start_date": record.earliest_start_date,
        "latest_start_date": record.latest_start_date,
        "typical_duration_months": record.typical_duration_months,
        "typical_epa_period_months": record.typical_epa_period_months,
        "minimum_otj_hours": record.minimum_otj_hours,
        "funding_banner": record.funding_banner,
        "assessment_plan_url": record.assessment_plan_url,
        "standard_page_url": record.standard_page_url,
        "feed_file": source_file,
        "feed_hash": new_hash,
        "imported_at": timezone.now(),
    }
    if version is None:
        version = StandardVersion.objects.create(
            standard=standard, version=record.version, **values
        )
    else:
        version.save(update_fields=_changed_fields(version, values))
    ksbs = _feed_ksbs_save(version=version, record=record)
    options = _feed_options_save(version=version, record=record)
    _feed_duties_save(version=version, record=record, ksbs=ksbs, options=options)
    return LoadResult(record.reference, record.version, outcome, source_file)


def _changes_what_was_assessed(version: StandardVersion, data: StandardData) -> bool:
    """Tell whether the file changes the version's rules or KSBs, not merely its layout."""
    # A newer schema adds optional fields (absent, so None) and changes the file's hash
    # without changing a rule; only a real difference must be refused.
    if _without_nones(version.rules) != _without_nones(data.rules()):
        return True
    file_ksbs = {(k.id, k.code, k.kind, k.statement) for k in data.ksbs}
    return bool(file_ksbs) and file_ksbs != _ksb_content(version)


def _without_nones(value: object) -> object:
    """Return JSON-like data with every None-valued key left out, at every depth."""
    if isinstance(value, dict):
        return {key: _without_nones(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nones(item) for item in value]
    return value


def _ksb_content(version: StandardVersion) -> set[tuple[str, str, str, str]]:
    return {(str(k.guid), k.code, k.kind, k.statement) for k in version.ksbs.all()}


def _record_ksb_content(record: FeedRecord) -> set[tuple[str, str, str, str]]:
    return {(k.id, k.code, k.kind, k.statement) for k in record.ksbs}


def _free_codes(kept: dict, wanted_codes: dict) -> None:
    """Move KSBs whose code another KSB is about to take to a placeholder code first."""
    # Codes are unique within a version, so a KSB giving up a code another KSB takes (two
    # behaviours renumbered, say) first moves to a placeholder no data file can use.
    taken = set(wanted_codes.values())
    giving_up = [
        ksb for key, ksb in kept.items() if ksb.code != wanted_codes[key] and ksb.code in taken
    ]
    for index, ksb in enumerate(giving_up):
        ksb.code = f"~{index}"
        ksb.save(update_fields=["code"])


def _feed_ksbs_save(*, version: StandardVersion, record: FeedRecord) -> dict[str, KSB]:
    """Create, update and delete KSBs by GUID, keeping the themes the data file gave them."""
    existing = {str(ksb.guid): ksb for ksb in version.ksbs.all()}
    wanted = {item.id: item for item in record.ksbs}
    referenced = _codes_the_rules_use(version)
    for guid, ksb in existing.items():
        if guid not in wanted:
            if ksb.code in referenced:
                raise StandardDataError(
                    version.feed_file,
                    [
                        (
                            "knowledges/skills/behaviours",
                            f"{ksb.code} is gone from the record but the data file "
                            f"{version.source_file} assesses it: update that file first",
                        )
                    ],
                )
            ksb.delete()
    kept = {guid: ksb for guid, ksb in existing.items() if guid in wanted}
    _free_codes(kept, {guid: item.code for guid, item in wanted.items()})
    saved: dict[str, KSB] = {}
    for position, (guid, item) in enumerate(wanted.items()):
        values = {
            "code": item.code,
            "kind": item.kind,
            "statement": item.statement,
            "position": position,
        }
        saved[guid] = _row_save(KSB, row=kept.get(guid), version=version, guid=guid, values=values)
    return saved


def _codes_the_rules_use(version: StandardVersion) -> set[str]:
    """Return the KSB codes a loaded data file's criteria and themes name."""
    rules = version.rules or {}
    codes = {
        code
        for method in rules.get("methods", [])
        for criterion in method.get("criteria", [])
        for code in criterion.get("ksbs", [])
    }
    return codes | {ksb.code for ksb in version.ksbs.all() if ksb.theme_id is not None}


def _feed_options_save(*, version: StandardVersion, record: FeedRecord) -> dict[str, Option]:
    """Create, update and delete the record's options, matched by GUID."""
    existing = {str(option.guid): option for option in version.options.all()}
    wanted = {item.id: item for item in record.options}
    _rows_delete_missing(existing, wanted)
    return {
        guid: _row_save(
            Option,
            row=existing.get(guid),
            version=version,
            guid=guid,
            values={"code": item.code, "title": item.title, "position": position},
        )
        for position, (guid, item) in enumerate(wanted.items())
    }


def _feed_duties_save(
    *,
    version: StandardVersion,
    record: FeedRecord,
    ksbs: dict[str, KSB],
    options: dict[str, Option],
) -> None:
    """Create, update and delete the record's duties and what each maps to."""
    existing = {str(duty.guid): duty for duty in version.duties.prefetch_related("ksbs", "options")}
    wanted = {item.id: item for item in record.duties}
    _rows_delete_missing(existing, wanted)
    for position, (guid, item) in enumerate(wanted.items()):
        values = {"statement": item.statement, "is_core": item.is_core, "position": position}
        duty = _row_save(Duty, row=existing.get(guid), version=version, guid=guid, values=values)
        wanted_ksbs = [ksbs[ksb_id] for ksb_id in item.ksb_ids]
        if {k.pk for k in duty.ksbs.all()} != {k.pk for k in wanted_ksbs}:
            duty.ksbs.set(wanted_ksbs)
        wanted_options = [options[option_id] for option_id in item.option_ids]
        if {o.pk for o in duty.options.all()} != {o.pk for o in wanted_options}:
            duty.options.set(wanted_options)
