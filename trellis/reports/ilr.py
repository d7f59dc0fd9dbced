"""The ILR-style record of one apprenticeship, on plain values (no Django here).

The codes are those the funding body expects (shared domain notes, section 5): programme
type 25 for a standard; completion status 1 continuing, 2 completed, 3 withdrawn, 6 on a
break; outcome 8 while the end-point assessment is under way, then 1 achieved or 3 not.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

PROGRAMME_TYPE_STANDARD = 25
CONTINUING, COMPLETED, WITHDRAWN, BREAK = 1, 2, 3, 6
ACHIEVED, NOT_ACHIEVED, OUTCOME_NOT_YET_KNOWN = 1, 3, 8
# The apprenticeship's status, as the completion status the ILR records for it.
COMPLETION_STATUS = {
    "on_programme": CONTINUING,
    "break_in_learning": BREAK,
    "gateway": COMPLETED,
    "in_epa": COMPLETED,
    "completed": COMPLETED,
    "withdrawn": WITHDRAWN,
}
HEADINGS = (
    "LearnRefNumber",
    "Apprentice",
    "ProgType",
    "StdCode",
    "EPAOrgID",
    "LearnStartDate",
    "LearnPlanEndDate",
    "PHours",
    "OTJHoursAtGateway",
    "CompStatus",
    "LearnActEndDate",
    "Outcome",
    "AchDate",
)


@dataclass(frozen=True)
class IlrFacts:
    reference: str
    apprentice: str
    status: str
    standard_code: int | None
    epao_id: str
    start: date
    planned_end: date
    planned_otj_hours: Decimal
    actual_otj_hours: Decimal
    # The end of the practical period: the gateway date, or the last day of a withdrawal.
    gateway_date: date | None
    withdrawn_on: date | None
    achieved_on: date | None


def ilr_row(facts: IlrFacts) -> tuple:
    """Return the apprenticeship's ILR-style record, in the order of HEADINGS."""
    past_gateway = facts.status in ("gateway", "in_epa", "completed")
    if facts.status == "completed":
        outcome = ACHIEVED if facts.achieved_on else OUTCOME_NOT_YET_KNOWN
    elif facts.status == "withdrawn":
        outcome = NOT_ACHIEVED
    elif past_gateway:
        outcome = OUTCOME_NOT_YET_KNOWN
    else:
        outcome = ""
    actual_end = facts.gateway_date if past_gateway else facts.withdrawn_on
    return (
        facts.reference,
        facts.apprentice,
        PROGRAMME_TYPE_STANDARD,
        facts.standard_code or "",
        facts.epao_id,
        facts.start,
        facts.planned_end,
        facts.planned_otj_hours,
        facts.actual_otj_hours if past_gateway else "",
        COMPLETION_STATUS[facts.status],
        actual_end or "",
        outcome,
        facts.achieved_on if facts.status == "completed" and facts.achieved_on else "",
    )
