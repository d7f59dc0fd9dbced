"""Showcase rules on plain values (no Django here): which sections a standard's Showcase has,
and what each section still lacks before the Showcase can go to gateway."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# The issue asks for "a short narrative" per section: the assessor reads sixteen of them before
# the visit, so each says why the evidence is exemplary in a page or less. 300 words is about
# a page; the limit lives here so that it can be changed in one place.
NARRATIVE_MAX_WORDS = 300

COMPLETE = "complete"
NOT_STARTED = "not_started"
EVIDENCE_MISSING = "evidence_missing"
NARRATIVE_MISSING = "narrative_missing"
NARRATIVE_TOO_LONG = "narrative_too_long"
NO_LONGER_SECURE = "no_longer_secure"

STATUS_LABELS = {
    COMPLETE: "Complete",
    NOT_STARTED: "Not started",
    EVIDENCE_MISSING: "Evidence missing",
    NARRATIVE_MISSING: "Narrative missing",
    NARRATIVE_TOO_LONG: "Narrative too long",
    NO_LONGER_SECURE: "Evidence no longer secure",
}


@dataclass(frozen=True)
class StandardTheme:
    number: int
    title: str


@dataclass(frozen=True)
class StandardKsb:
    code: str
    position: int
    theme_number: int | None
    statement: str = ""


@dataclass(frozen=True)
class SectionDefinition:
    """One section of the Showcase: a theme with its KSBs, or a KSB outside every theme."""

    key: str
    title: str
    ksb_codes: tuple[str, ...]


@dataclass(frozen=True)
class PickedItem:
    """An evidence item picked for a section, as it stands now.

    `secure_codes` are the KSBs that the decision standing on the item judged secure; an
    item that is not assessed (reopened, or returned by a correction) has none.
    """

    title: str
    assessed: bool
    secure_codes: frozenset[str] = field(default_factory=frozenset)
    mapped_codes: frozenset[str] = field(default_factory=frozenset)


def section_definitions(
    themes: Iterable[StandardTheme], ksbs: Iterable[StandardKsb]
) -> list[SectionDefinition]:
    """Return the sections: one per theme in number order with its KSBs, then one per KSB
    that belongs to no theme, in position order."""
    ordered_ksbs = sorted(ksbs, key=lambda ksb: ksb.position)
    sections = [
        SectionDefinition(
            key=f"theme-{theme.number}",
            title=f"Theme {theme.number}: {theme.title}",
            ksb_codes=tuple(ksb.code for ksb in ordered_ksbs if ksb.theme_number == theme.number),
        )
        for theme in sorted(themes, key=lambda theme: theme.number)
    ]
    sections.extend(
        SectionDefinition(
            key=f"ksb-{ksb.code}",
            title=f"{ksb.code}: {_short(ksb.statement)}" if ksb.statement else ksb.code,
            ksb_codes=(ksb.code,),
        )
        for ksb in ordered_ksbs
        if ksb.theme_number is None
    )
    return sections


def _short(statement: str, limit: int = 80) -> str:
    """Return the statement cut at a word before `limit` characters, for a section title."""
    statement = " ".join(statement.split())
    if len(statement) <= limit:
        return statement
    return statement[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def word_count(text: str) -> int:
    """Count words as a reader would: runs of characters between spaces."""
    return len(re.findall(r"\S+", text))


def counts_for(section: SectionDefinition, item: PickedItem) -> bool:
    """Tell whether a picked item shows the section: assessed and secure for one of its KSBs."""
    return item.assessed and bool(item.secure_codes & set(section.ksb_codes))


def _codes_words(codes: Iterable[str]) -> str:
    codes = list(codes)
    return codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " and " + codes[-1]


def section_missing(
    section: SectionDefinition, narrative: str, picked: Sequence[PickedItem]
) -> list[str]:
    """Return, in words, everything the section lacks; empty when it is complete."""
    missing: list[str] = []
    for item in picked:
        if not counts_for(section, item):
            lost = [code for code in section.ksb_codes if code in item.mapped_codes]
            missing.append(
                f"{item.title} is no longer secure for {_codes_words(lost or section.ksb_codes)}"
            )
    if not any(counts_for(section, item) for item in picked):
        missing.insert(0, "No evidence picked")
    words = word_count(narrative)
    if words == 0:
        missing.append("Narrative not written")
    elif words > NARRATIVE_MAX_WORDS:
        missing.append(f"Narrative is {words} words: at most {NARRATIVE_MAX_WORDS}")
    return missing


def section_status(section: SectionDefinition, narrative: str, picked: Sequence[PickedItem]) -> str:
    """Return the section's status for the task list, naming the most pressing gap."""
    if not picked and not narrative.strip():
        return NOT_STARTED
    if any(not counts_for(section, item) for item in picked):
        return NO_LONGER_SECURE
    if not picked:
        return EVIDENCE_MISSING
    words = word_count(narrative)
    if words == 0:
        return NARRATIVE_MISSING
    if words > NARRATIVE_MAX_WORDS:
        return NARRATIVE_TOO_LONG
    return COMPLETE


def safe_file_name(name: str, limit: int = 80) -> str:
    """Return a file name safe in any archive: letters, digits, dot, dash and underscore."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-.") or "file"
    extension = re.sub(r"[^A-Za-z0-9]+", "", extension)[:10].lower()
    stem = stem[: limit - len(extension) - 1]
    return f"{stem}.{extension}" if extension else stem


def archive_names(entries: Iterable[tuple[str, str]]) -> list[str]:
    """Return a unique archive path per (section key, original name), numbered per section."""
    counters: dict[str, int] = {}
    names = []
    for section_key, original_name in entries:
        counters[section_key] = counters.get(section_key, 0) + 1
        names.append(f"files/{section_key}-{counters[section_key]}-{safe_file_name(original_name)}")
    return names
