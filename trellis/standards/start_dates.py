"""Which version of a standard an apprentice starts on, from the feed's start dates (no Django)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from trellis.wording import day_label


@dataclass(frozen=True)
class VersionWindow:
    """The starts one version of a standard is approved for; None means open-ended."""

    version: str
    version_key: tuple[int, ...]
    earliest: date | None
    latest: date | None
    approved: bool

    def covers(self, start: date) -> bool:
        return (
            self.approved
            and (self.earliest is None or self.earliest <= start)
            and (self.latest is None or start <= self.latest)
        )

    def describe(self) -> str:
        if self.earliest and self.latest:
            return f"v{self.version} from {day_label(self.earliest)} to {day_label(self.latest)}"
        if self.earliest:
            return f"v{self.version} from {day_label(self.earliest)}"
        if self.latest:
            return f"v{self.version} until {day_label(self.latest)}"
        return f"v{self.version} at any date"


def version_for_start(windows: Sequence[VersionWindow], start: date) -> VersionWindow | None:
    """Return the version approved for starts on this date, the highest if several are."""
    covering = [window for window in windows if window.covers(start)]
    return max(covering, key=lambda window: window.version_key, default=None)


def uncovered_start_message(reference: str, windows: Sequence[VersionWindow], start: date) -> str:
    """Explain that no version covers the start date, naming the starts that are covered."""
    approved = sorted(
        (window for window in windows if window.approved), key=lambda window: window.version_key
    )
    covered = "; ".join(window.describe() for window in approved) or "none"
    return (
        f"No version of {reference} is approved for apprentices starting on {day_label(start)}. "
        f"Starts are covered by {covered}."
    )
