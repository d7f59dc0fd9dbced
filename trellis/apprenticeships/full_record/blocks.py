"""The full record's building blocks (sections of rows) and the words its sections share."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from trellis.organisations.models import User
from trellis.otj.rules import hours_label
from trellis.wording import day_label

# --- The document: sections of rows ----------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """Labelled values, one to a row, as a summary list."""

    rows: tuple[tuple[str, str], ...]
    title: str = ""


@dataclass(frozen=True)
class Table:
    """Rows under column headings; `widths` is each column's share of the page's width."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    title: str = ""
    empty: str = "None recorded."


@dataclass(frozen=True)
class Text:
    """A paragraph that explains what follows or what is missing."""

    text: str


Block = Facts | Table | Text


@dataclass(frozen=True)
class Part:
    """A titled part of a section, such as one progress review."""

    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block | Part, ...]


@dataclass(frozen=True)
class FullRecord:
    apprentice: str
    produced_at: datetime
    produced_by: str
    cover: Facts
    sections: tuple[Section, ...]

    @property
    def produced_label(self) -> str:
        return f"{moment_label(self.produced_at)} by {self.produced_by}"


# --- Words for values ------------------------------------------------------------------------

NONE = "—"


def day(value: date | None) -> str:
    return day_label(value) if value else NONE


def moment_label(value: datetime | None) -> str:
    """Return a moment in UK time, such as 3 Mar 2026, 14:05."""
    if value is None:
        return NONE
    local = timezone.localtime(value)
    return f"{day_label(local.date())}, {local:%H:%M}"


def hours(value: Decimal) -> str:
    return f"{hours_label(value)} hours"


def codes(ksbs) -> str:
    return ", ".join(ksb.code for ksb in ksbs) or NONE


def name(user: User | None, missing: str = NONE) -> str:
    return user.full_name if user is not None else missing


def org(organisation) -> str:
    return organisation.name if organisation is not None else NONE
