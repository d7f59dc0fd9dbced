"""Compare two versions of an apprenticeship standard by the GUIDs of their KSBs and duties.

Pure Python: both API records and database rows can be turned into the plain types here, so
the same comparison serves the import command and the pages that show what changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from trellis.standards.feed import FeedRecord

NO_KSB_CHANGES = "No KSB changes."
NO_DUTY_CHANGES = "No duty changes."
NO_MAPPING_CHANGES = "No changes to which KSBs each duty covers."


@dataclass(frozen=True, slots=True)
class KsbContent:
    """One knowledge, skill or behaviour: its GUID, code, kind and statement."""

    id: str
    code: str
    kind: str
    statement: str


@dataclass(frozen=True, slots=True)
class DutyContent:
    """One duty: its GUID, statement and the GUIDs of the KSBs it covers."""

    id: str
    statement: str
    ksb_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VersionContent:
    """The KSBs and duties of one version of a standard, in their published order."""

    reference: str
    version: str
    ksbs: tuple[KsbContent, ...]
    duties: tuple[DutyContent, ...]

    def duty_number(self, duty_id: str) -> int:
        """Return the duty's position in this version, counting from 1."""
        return next(index for index, duty in enumerate(self.duties, 1) if duty.id == duty_id)

    def codes_for(self, ksb_ids: Sequence[str]) -> list[str]:
        """Return the codes of these KSBs in this version's order; unknown GUIDs come last."""
        order = {ksb.id: index for index, ksb in enumerate(self.ksbs)}
        codes = {ksb.id: ksb.code for ksb in self.ksbs}
        ordered = sorted(ksb_ids, key=lambda guid: (guid not in order, order.get(guid, 0), guid))
        return [codes.get(guid, guid) for guid in ordered]


@dataclass(frozen=True, slots=True)
class MappingChange:
    """A duty present in both versions whose KSBs changed, with codes from each version."""

    old_duty: DutyContent
    new_duty: DutyContent
    duty_number: int
    codes_added: tuple[str, ...]
    codes_removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """What changed in KSBs, duties and duty-to-KSB mappings from one version to the next."""

    old: VersionContent
    new: VersionContent
    ksbs_added: list[KsbContent] = field(default_factory=list)
    ksbs_removed: list[KsbContent] = field(default_factory=list)
    ksbs_reworded: list[tuple[KsbContent, KsbContent]] = field(default_factory=list)
    ksbs_recoded: list[tuple[KsbContent, KsbContent]] = field(default_factory=list)
    duties_added: list[DutyContent] = field(default_factory=list)
    duties_removed: list[DutyContent] = field(default_factory=list)
    duties_reworded: list[tuple[DutyContent, DutyContent]] = field(default_factory=list)
    mappings_changed: list[MappingChange] = field(default_factory=list)

    @property
    def has_ksb_changes(self) -> bool:
        """Tell whether any KSB was added, removed, reworded or given a new code."""
        return bool(self.ksbs_added or self.ksbs_removed or self.ksbs_reworded or self.ksbs_recoded)

    @property
    def has_duty_changes(self) -> bool:
        """Tell whether any duty was added, removed or reworded (mappings are separate)."""
        return bool(self.duties_added or self.duties_removed or self.duties_reworded)

    @property
    def has_mapping_changes(self) -> bool:
        """Tell whether any duty in both versions now covers different KSBs."""
        return bool(self.mappings_changed)

    @property
    def has_changes(self) -> bool:
        """Tell whether anything at all changed in KSBs, duties or mappings."""
        return self.has_ksb_changes or self.has_duty_changes or self.has_mapping_changes

    def summary(self) -> list[str]:
        """Return plain-English lines describing every change, KSBs first."""
        return [*self._ksb_lines(), *self._duty_lines(), *self._mapping_lines()]

    def _ksb_lines(self) -> list[str]:
        if not self.has_ksb_changes:
            return [NO_KSB_CHANGES]
        return [
            *(f"Added {ksb.code}: {ksb.statement}" for ksb in self.ksbs_added),
            *(f"Removed {ksb.code}: {ksb.statement}" for ksb in self.ksbs_removed),
            *(f"{old.code} is now {new.code}" for old, new in self.ksbs_recoded),
            *(f"{new.code} reworded: {new.statement}" for _, new in self.ksbs_reworded),
        ]

    def _duty_lines(self) -> list[str]:
        if not self.has_duty_changes:
            return [NO_DUTY_CHANGES]
        return [
            *(
                f"Added duty {self.new.duty_number(duty.id)}: {duty.statement}"
                for duty in self.duties_added
            ),
            *(
                f"Removed duty {self.old.duty_number(duty.id)}: {duty.statement}"
                for duty in self.duties_removed
            ),
            *(
                f"Duty {self.new.duty_number(new.id)} reworded: {new.statement}"
                for _, new in self.duties_reworded
            ),
        ]

    def _mapping_lines(self) -> list[str]:
        if not self.has_mapping_changes:
            return [NO_MAPPING_CHANGES]
        return [_describe_mapping_change(change) for change in self.mappings_changed]


def _describe_mapping_change(change: MappingChange) -> str:
    """Return one line such as "Duty 2 now also covers K4, S2 and no longer covers B1"."""
    parts = []
    if change.codes_added:
        parts.append(f"now also covers {', '.join(change.codes_added)}")
    if change.codes_removed:
        parts.append(f"no longer covers {', '.join(change.codes_removed)}")
    return f"Duty {change.duty_number} {' and '.join(parts)}"


def compare_versions(old: VersionContent, new: VersionContent) -> Comparison:
    """Return what changed from old to new, matching KSBs and duties by GUID."""
    old_ksbs = {ksb.id: ksb for ksb in old.ksbs}
    new_ksbs = {ksb.id: ksb for ksb in new.ksbs}
    kept_ksbs = [(old_ksbs[ksb.id], ksb) for ksb in new.ksbs if ksb.id in old_ksbs]
    old_duties = {duty.id: duty for duty in old.duties}
    new_duties = {duty.id: duty for duty in new.duties}
    kept_duties = [(old_duties[duty.id], duty) for duty in new.duties if duty.id in old_duties]
    return Comparison(
        old=old,
        new=new,
        ksbs_added=[ksb for ksb in new.ksbs if ksb.id not in old_ksbs],
        ksbs_removed=[ksb for ksb in old.ksbs if ksb.id not in new_ksbs],
        ksbs_reworded=[(was, now) for was, now in kept_ksbs if was.statement != now.statement],
        ksbs_recoded=[(was, now) for was, now in kept_ksbs if was.code != now.code],
        duties_added=[duty for duty in new.duties if duty.id not in old_duties],
        duties_removed=[duty for duty in old.duties if duty.id not in new_duties],
        duties_reworded=[(was, now) for was, now in kept_duties if was.statement != now.statement],
        mappings_changed=[
            change
            for was, now in kept_duties
            if (change := _mapping_change(old, new, was, now)) is not None
        ],
    )


def _mapping_change(
    old: VersionContent, new: VersionContent, was: DutyContent, now: DutyContent
) -> MappingChange | None:
    """Return how a duty's KSBs changed, or None if it covers the same KSBs."""
    covered_before, covered_now = set(was.ksb_ids), set(now.ksb_ids)
    added = [guid for guid in now.ksb_ids if guid not in covered_before]
    removed = [guid for guid in was.ksb_ids if guid not in covered_now]
    if not added and not removed:
        return None
    return MappingChange(
        old_duty=was,
        new_duty=now,
        duty_number=new.duty_number(now.id),
        codes_added=tuple(new.codes_for(added)),
        codes_removed=tuple(old.codes_for(removed)),
    )


def content_from_feed(record: FeedRecord) -> VersionContent:
    """Return the KSBs and duties of an API record as plain content for comparison."""
    return VersionContent(
        reference=record.reference,
        version=record.version,
        ksbs=tuple(
            KsbContent(id=ksb.id, code=ksb.code, kind=ksb.kind, statement=ksb.statement)
            for ksb in record.ksbs
        ),
        duties=tuple(
            DutyContent(id=duty.id, statement=duty.statement, ksb_ids=duty.ksb_ids)
            for duty in record.duties
        ),
    )
