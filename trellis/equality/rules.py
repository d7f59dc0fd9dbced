"""The equality questions, their groups, and the report's figures and suppression, worked out
on plain values (no Django here)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from trellis.reports.rules import rate_percent

# A group of fewer apprentices than this is shown as "fewer than 5", without rates: in a group
# that small a reader who knows the apprentices could tell who is in it, or how one of them
# fared. 5 is the smallest group the apprentices are told a provider admin ever sees.
SMALLEST_GROUP_SHOWN = 5

PREFER_NOT_TO_SAY = "prefer_not_to_say"
PREFER_NOT_TO_SAY_LABEL = "Prefer not to say"
# Those who gave no answers, and those who chose "Prefer not to say", are counted together.
NOT_ANSWERED = "not_answered"
NOT_ANSWERED_LABEL = "Not answered"

# The five broad ethnic groups of the ILR and the ONS census, in their order.
ETHNIC_GROUPS = (
    ("white", "White"),
    ("mixed", "Mixed or multiple ethnic groups"),
    ("asian", "Asian or Asian British"),
    ("black", "Black, Black British, Caribbean or African"),
    ("other", "Other ethnic group"),
)
SEXES = (("female", "Female"), ("male", "Male"))
DISABILITY_ANSWERS = (("yes", "Yes"), ("no", "No"))

# Age at the start, in the bands the ILR and the achievement rate tables use: (key, label,
# oldest age in the band); the last band has no upper age.
AGE_BANDS = (
    ("16_18", "16 to 18", 18),
    ("19_23", "19 to 23", 23),
    ("24_plus", "24 and over", None),
)
AGE_NOT_RECORDED = "not_recorded"
AGE_NOT_RECORDED_LABEL = "Date of birth not recorded"
AGE_BAND_LABELS = {key: label for key, label, _ in AGE_BANDS} | {
    AGE_NOT_RECORDED: AGE_NOT_RECORDED_LABEL
}


def with_prefer_not_to_say(groups: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return a question's answers, "Prefer not to say" last."""
    return [*groups, (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)]


def age_band(age: int | None) -> str:
    """Return the key of the age band an age at the start falls in."""
    if age is None:
        return AGE_NOT_RECORDED
    for key, _, oldest in AGE_BANDS:
        if oldest is None or age <= oldest:
            return key
    raise AssertionError("The last age band has no upper age.")


class Characteristic(StrEnum):
    ETHNIC_GROUP = "ethnic_group"
    SEX = "sex"
    DISABILITY = "disability"
    AGE_BAND = "age_band"


@dataclass(frozen=True)
class CharacteristicGroups:
    """A characteristic's title and its groups in the order the report lists them; the group
    of those not counted under any (not answered, or no date of birth) comes last."""

    characteristic: Characteristic
    title: str
    groups: tuple[tuple[str, str], ...]
    # The stored values counted in the last group as well as missing ones.
    also_unanswered: tuple[str, ...] = ()

    @property
    def unanswered_key(self) -> str:
        return self.groups[-1][0]


CHARACTERISTICS = (
    CharacteristicGroups(
        Characteristic.ETHNIC_GROUP,
        "Ethnic group",
        (*ETHNIC_GROUPS, (NOT_ANSWERED, NOT_ANSWERED_LABEL)),
        also_unanswered=(PREFER_NOT_TO_SAY,),
    ),
    CharacteristicGroups(
        Characteristic.SEX,
        "Sex",
        (*SEXES, (NOT_ANSWERED, NOT_ANSWERED_LABEL)),
        also_unanswered=(PREFER_NOT_TO_SAY,),
    ),
    CharacteristicGroups(
        Characteristic.DISABILITY,
        "Disability, learning difficulty or health problem",
        (*DISABILITY_ANSWERS, (NOT_ANSWERED, NOT_ANSWERED_LABEL)),
        also_unanswered=(PREFER_NOT_TO_SAY,),
    ),
    CharacteristicGroups(
        Characteristic.AGE_BAND,
        "Age at the start",
        tuple(AGE_BAND_LABELS.items()),
    ),
)


@dataclass(frozen=True)
class Counts:
    """How many apprentices, how many apprenticeships they started, completed and left."""

    apprentices: int = 0
    started: int = 0
    completed: int = 0
    withdrawn: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(
            apprentices=self.apprentices + other.apprentices,
            started=self.started + other.started,
            completed=self.completed + other.completed,
            withdrawn=self.withdrawn + other.withdrawn,
        )

    @property
    def achievement_percent(self) -> int | None:
        """Achievers out of leavers (completed or withdrawn), as the provider dashboard counts."""
        return rate_percent(self.completed, self.completed + self.withdrawn)

    @property
    def withdrawal_percent(self) -> int | None:
        """Withdrawals out of every apprenticeship started."""
        return rate_percent(self.withdrawn, self.started)


class Shown(StrEnum):
    """How much of a group's row the report shows."""

    ALL = "all"
    # Fewer than SMALLEST_GROUP_SHOWN apprentices.
    TOO_FEW = "too_few"
    # Large enough, but hidden so that a small group cannot be found by subtraction.
    PROTECTS_ANOTHER = "protects_another"


@dataclass(frozen=True)
class GroupRow:
    """One group's line of the report; counts and rates only when it is shown in full."""

    key: str
    label: str
    shown: Shown
    apprentices: int | None = None
    achievement_percent: int | None = None
    withdrawal_percent: int | None = None


@dataclass(frozen=True)
class CharacteristicReport:
    """One characteristic's lines and the line for everyone counted."""

    characteristic: Characteristic
    title: str
    rows: list[GroupRow]
    total: Counts


def hidden_groups(sizes: Sequence[int]) -> dict[int, Shown]:
    """Return, by position, the groups to hide and why.

    Every group smaller than SMALLEST_GROUP_SHOWN is hidden. Hidden groups can still be
    worked out together, as the total less the groups shown, so while they hold fewer than
    SMALLEST_GROUP_SHOWN between them the next-smallest group shown is hidden as well; of
    groups the same size, the first listed.
    """
    hidden = {
        position: Shown.TOO_FEW
        for position, size in enumerate(sizes)
        if size < SMALLEST_GROUP_SHOWN
    }
    while hidden and sum(sizes[position] for position in hidden) < SMALLEST_GROUP_SHOWN:
        shown = [position for position in range(len(sizes)) if position not in hidden]
        if not shown:
            break
        next_smallest = min(shown, key=lambda position: (sizes[position], position))
        hidden[next_smallest] = Shown.PROTECTS_ANOTHER
    return hidden


def characteristic_report(
    groups: CharacteristicGroups, counts: Mapping[str | None, Counts], total: Counts
) -> CharacteristicReport:
    """Return a characteristic's report from the counts by stored value (None where nothing is
    stored), every group listed, an empty one too so that its absence says nothing, and the
    small ones hidden."""
    by_group = {key: Counts() for key, _ in groups.groups}
    for value, count in counts.items():
        if value in by_group:
            key = value
        elif value in (None, "", *groups.also_unanswered):
            key = groups.unanswered_key
        else:
            raise ValueError(f"{groups.title} has no group for the value {value!r}.")
        by_group[key] = by_group[key] + count
    hidden = hidden_groups([by_group[key].apprentices for key, _ in groups.groups])
    rows = []
    for position, (key, label) in enumerate(groups.groups):
        count = by_group[key]
        if position in hidden:
            rows.append(GroupRow(key=key, label=label, shown=hidden[position]))
        else:
            rows.append(
                GroupRow(
                    key=key,
                    label=label,
                    shown=Shown.ALL,
                    apprentices=count.apprentices,
                    achievement_percent=count.achievement_percent,
                    withdrawal_percent=count.withdrawal_percent,
                )
            )
    return CharacteristicReport(
        characteristic=groups.characteristic, title=groups.title, rows=rows, total=total
    )


def equality_report(
    counts: Mapping[Characteristic, Mapping[str | None, Counts]],
    total: Counts,
    characteristics: Iterable[CharacteristicGroups] = CHARACTERISTICS,
) -> list[CharacteristicReport]:
    """Return the report of each characteristic, in the order given."""
    return [
        characteristic_report(groups, counts.get(groups.characteristic, {}), total)
        for groups in characteristics
    ]
