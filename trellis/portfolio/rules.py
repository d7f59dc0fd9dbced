"""Portfolio rules on plain values (no Django here): what may happen to an item in each state,
and where each KSB stands from the decisions that stand."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
ASSESSED = "assessed"

WORKING_TOWARDS = "working_towards"
SECURE = "secure"
NONE = "none"

# Kinds whose substance is written in Trellis, and kinds whose substance is a file.
WRITTEN_KINDS = frozenset(
    {"reflective_account", "witness_testimony", "observation", "professional_discussion"}
)
FILE_KINDS = frozenset({"file"})
# Kinds the training consultant writes and puts forward; the apprentice puts forward the rest.
CONSULTANT_KINDS = frozenset({"observation", "professional_discussion"})

STATUS_WORDS = {
    DRAFT: "a draft",
    SUBMITTED: "awaiting assessment",
    RETURNED: "returned with feedback",
    ASSESSED: "assessed",
}


def refuse_change(status: str) -> str | None:
    """Say why an item in this state cannot be changed, or None if it can."""
    if status in (DRAFT, RETURNED):
        return None
    if status == SUBMITTED:
        return (
            "The item is awaiting assessment, so it cannot be changed until it is assessed "
            "or returned."
        )
    return "The item has been assessed: reopen it to change it, and submit it again."


def refuse_submit(
    *, status: str, kind: str, mapped_ksbs: int, has_body: bool, files: int
) -> dict[str, str]:
    """Return every reason an item cannot be submitted, by field; empty if it can."""
    errors: dict[str, str] = {}
    if status not in (DRAFT, RETURNED):
        errors["status"] = f"The item is {STATUS_WORDS[status]}, so it cannot be submitted."
        return errors
    if mapped_ksbs == 0:
        errors["ksbs"] = "Map the item to at least one KSB, saying how it shows each."
    if kind in WRITTEN_KINDS and not has_body:
        errors["body"] = "Write the account, testimony or notes before submitting."
    if kind in FILE_KINDS and files == 0:
        errors["files"] = "Upload at least one file before submitting."
    return errors


def refuse_decision(status: str) -> str | None:
    """Say why a new decision cannot be made on an item in this state, or None if it can."""
    if status == SUBMITTED:
        return None
    return (
        f"The item is {STATUS_WORDS[status]}: only an item awaiting assessment can be "
        "assessed or returned."
    )


def refuse_judgements(
    *, mapped_codes: Iterable[str], judgements: Mapping[str, str]
) -> dict[str, str]:
    """Return why these judgements are refused: every mapped KSB needs exactly one judgement,
    "working towards" or "secure", and no KSB the item is not mapped to may be judged."""
    mapped = list(mapped_codes)
    missing = [code for code in mapped if code not in judgements]
    unknown = sorted(set(judgements) - set(mapped))
    invalid = sorted(
        code for code, value in judgements.items() if value not in (WORKING_TOWARDS, SECURE)
    )
    errors: dict[str, str] = {}
    if missing:
        errors["judgements"] = "Judge every mapped KSB: " + ", ".join(missing) + " not judged."
    elif unknown:
        errors["judgements"] = "The item is not mapped to " + ", ".join(unknown) + "."
    elif invalid:
        errors["judgements"] = (
            "Judge each KSB “working towards” or “secure”: " + ", ".join(invalid) + " is neither."
        )
    return errors


@dataclass(frozen=True)
class AcceptedJudgement:
    """One KSB judged in the decision that stands on an assessed item."""

    ksb_id: int
    item_id: int
    judgement: str
    occurred_on: date


@dataclass(frozen=True)
class KsbStanding:
    state: str
    accepted_items: int
    latest_on: date | None


def coverage(judgements: Iterable[AcceptedJudgement]) -> dict[int, KsbStanding]:
    """Return where each judged KSB stands: secure if any accepted item shows it securely,
    otherwise working towards; with the number of accepted items and the latest evidence date.
    A KSB absent from the result has no accepted evidence."""
    states: dict[int, str] = {}
    items: dict[int, set[int]] = {}
    latest: dict[int, date] = {}
    for row in judgements:
        if states.get(row.ksb_id) != SECURE:
            states[row.ksb_id] = SECURE if row.judgement == SECURE else WORKING_TOWARDS
        items.setdefault(row.ksb_id, set()).add(row.item_id)
        if row.ksb_id not in latest or row.occurred_on > latest[row.ksb_id]:
            latest[row.ksb_id] = row.occurred_on
    return {
        ksb_id: KsbStanding(
            state=states[ksb_id], accepted_items=len(items[ksb_id]), latest_on=latest[ksb_id]
        )
        for ksb_id in states
    }
