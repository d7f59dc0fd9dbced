"""Internal quality assurance rules: which decisions a draw takes, and the coverage report
(no Django here, so that every rule is tested on plain values)."""

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

BASES = ("consultant", "ksb", "random")
RATE_MIN, RATE_MAX = 1, 100


@dataclass(frozen=True)
class Candidate:
    """One evidence decision that a draw may take."""

    decision_id: int
    consultant_id: int
    ksb_codes: tuple[str, ...]
    decided_at: datetime
    sampled: bool = False


@dataclass(frozen=True)
class DrawRequest:
    """What the quality lead asked for: a basis, and a rate in percent or a number."""

    basis: str
    consultant_id: int | None = None
    ksb_code: str = ""
    rate: int | None = None
    number: int | None = None
    # How the pages name the population, such as "by Carl Example between 1 Mar and 1 Jun".
    described_as: str = ""


@dataclass(frozen=True)
class Draw:
    """The decisions taken, or the reasons nothing was taken (by field)."""

    decision_ids: tuple[int, ...] = ()
    eligible: int = 0
    errors: dict[str, str] = field(default_factory=dict)


def refuse_request(request: DrawRequest) -> dict[str, str]:
    """Return what is wrong with the request itself, by field; empty if it may be drawn."""
    errors: dict[str, str] = {}
    if request.basis not in BASES:
        errors["basis"] = "Choose how to sample: by consultant, by KSB or at random."
    elif request.basis == "consultant" and request.consultant_id is None:
        errors["consultant"] = "Choose the consultant whose decisions to sample."
    elif request.basis == "ksb" and not request.ksb_code.strip():
        errors["ksb_code"] = "Give the KSB code whose decisions to sample, such as K1."
    if request.rate is None and request.number is None:
        errors["rate"] = "Give a rate in percent or a number of decisions to sample."
    elif request.rate is not None and request.number is not None:
        errors["rate"] = "Give a rate in percent or a number of decisions, not both."
    elif request.rate is not None and not RATE_MIN <= request.rate <= RATE_MAX:
        errors["rate"] = f"The rate must be a whole percent from {RATE_MIN} to {RATE_MAX}."
    elif request.number is not None and request.number < 1:
        errors["number"] = "The number of decisions to sample must be 1 or more."
    return errors


def matches(candidate: Candidate, request: DrawRequest) -> bool:
    """Tell whether the decision is in the population the request samples."""
    if request.basis == "consultant":
        return candidate.consultant_id == request.consultant_id
    if request.basis == "ksb":
        code = request.ksb_code.strip().upper()
        return any(own.upper() == code for own in candidate.ksb_codes)
    return True


def sample_size(*, eligible: int, rate: int | None = None, number: int | None = None) -> int:
    """Return how many to take: ceil(rate% of eligible), at least 1, or the number asked
    for but no more than there are."""
    if eligible <= 0:
        return 0
    if rate is not None:
        return max(1, -(-rate * eligible // 100))
    return min(number or 0, eligible)


def _nothing_to_draw(population: int, request: DrawRequest) -> str:
    described = f" {request.described_as}" if request.described_as else ""
    what = {
        "consultant": "decisions by this consultant",
        "ksb": f"decisions that judged {request.ksb_code.strip().upper()}",
    }.get(request.basis, "evidence decisions")
    if population == 0:
        return f"There are no {what}{described}, so there is nothing to sample."
    return (
        f"All {population} {what}{described} have been sampled already, so there is "
        "nothing left to sample. Choose a longer period or another basis."
    )


def draw(candidates: Iterable[Candidate], request: DrawRequest, rng: random.Random) -> Draw:
    """Take a sample of the decisions the request covers that are not sampled yet.

    The same candidates, request and seeded generator always give the same sample.
    """
    errors = refuse_request(request)
    if errors:
        return Draw(errors=errors)
    population = [c for c in candidates if matches(c, request)]
    eligible = sorted(
        (c for c in population if not c.sampled), key=lambda c: (c.decided_at, c.decision_id)
    )
    if not eligible:
        return Draw(errors={"basis": _nothing_to_draw(len(population), request)})
    size = sample_size(eligible=len(eligible), rate=request.rate, number=request.number)
    chosen = rng.sample(eligible, size)
    ordered = sorted(chosen, key=lambda c: (c.decided_at, c.decision_id))
    return Draw(decision_ids=tuple(c.decision_id for c in ordered), eligible=len(eligible))


# The report


@dataclass(frozen=True)
class DecisionFact:
    decision_id: int
    consultant_id: int


@dataclass(frozen=True)
class SampleFact:
    decision_id: int
    outcome: str  # pending | agreed | referred
    responded: bool = False


@dataclass(frozen=True)
class CoverageRow:
    """One consultant's decisions in the period and what sampling found; the provider's
    total has consultant_id None."""

    consultant_id: int | None
    decisions: int = 0
    sampled: int = 0
    agreed: int = 0
    referred: int = 0
    awaiting_review: int = 0
    awaiting_consultant: int = 0

    @property
    def percent_sampled(self) -> int | None:
        """The share sampled as a whole percent, rounded half up; None with no decisions."""
        if not self.decisions:
            return None
        return (200 * self.sampled + self.decisions) // (2 * self.decisions)


def _add(row: CoverageRow, sample: SampleFact | None) -> CoverageRow:
    if sample is None:
        return replace(row, decisions=row.decisions + 1)
    return CoverageRow(
        consultant_id=row.consultant_id,
        decisions=row.decisions + 1,
        sampled=row.sampled + 1,
        agreed=row.agreed + (sample.outcome == "agreed"),
        referred=row.referred + (sample.outcome == "referred"),
        awaiting_review=row.awaiting_review + (sample.outcome == "pending"),
        awaiting_consultant=row.awaiting_consultant
        + (sample.outcome == "referred" and not sample.responded),
    )


def coverage_report(
    decisions: Sequence[DecisionFact], samples: Sequence[SampleFact]
) -> tuple[list[CoverageRow], CoverageRow]:
    """Return a row per consultant (in order of consultant id) and the provider's total.

    Only decisions in the period count; a sample counts with its decision.
    """
    by_decision = {sample.decision_id: sample for sample in samples}
    rows: dict[int, CoverageRow] = {}
    total = CoverageRow(consultant_id=None)
    for decision in decisions:
        sample = by_decision.get(decision.decision_id)
        row = rows.get(decision.consultant_id) or CoverageRow(consultant_id=decision.consultant_id)
        rows[decision.consultant_id] = _add(row, sample)
        total = _add(total, sample)
    return [rows[key] for key in sorted(rows)], total
