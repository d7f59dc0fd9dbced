"""When a reminder is due. Plain functions of dates and states, so each rule is read in one
place and tested without a database.

Every reminder has a key naming what it is about and the date or version that made it due;
a person is sent a key once, so a daily run repeats nothing, while a new due date, a new
version or a new entry makes a new key.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

REVIEW_NOTICE_DAYS = 7
EPA_DATE_NOTICE_DAYS = 7
SHOWCASE_NOTICE_DAYS = 28


class Audience(StrEnum):
    APPRENTICE = "apprentice"
    CONSULTANT = "consultant"
    EMPLOYER = "employer"
    ASSESSOR = "assessor"


class Kind(StrEnum):
    REVIEW_DUE = "review-due"
    REVIEW_OVERDUE = "review-overdue"
    PLAN_SIGNATURE = "plan-signature"
    REVIEW_SIGNATURE = "review-signature"
    OTJ_CONFIRMATION = "otj-confirmation"
    EPA_DATE = "epa-date"
    SHOWCASE_INCOMPLETE = "showcase-incomplete"


KIND_LABELS = {
    Kind.REVIEW_DUE: "progress review due within a week",
    Kind.REVIEW_OVERDUE: "progress review overdue",
    Kind.PLAN_SIGNATURE: "training plan awaiting a signature",
    Kind.REVIEW_SIGNATURE: "progress review awaiting a signature",
    Kind.OTJ_CONFIRMATION: "off-the-job hours awaiting confirmation",
    Kind.EPA_DATE: "end-point assessment within a week",
    Kind.SHOWCASE_INCOMPLETE: "Showcase incomplete near the planned gateway",
}


@dataclass(frozen=True)
class Due:
    """One reminder to send to the given parties of one apprenticeship."""

    kind: Kind
    key: str
    audience: tuple[Audience, ...]
    subject: str
    body: str


def review_reminder(
    apprenticeship_id: int, next_review_due: date | None, today: date, name: str
) -> Due | None:
    """A review due within a week reminds all three parties; once overdue, the consultant,
    who arranges it, is reminded again."""
    if next_review_due is None:
        return None
    days = (next_review_due - today).days
    if days < 0:
        return Due(
            Kind.REVIEW_OVERDUE,
            f"{Kind.REVIEW_OVERDUE}:{apprenticeship_id}:{next_review_due.isoformat()}",
            (Audience.CONSULTANT,),
            f"Progress review overdue: {name}",
            f"{name}'s progress review was due on {next_review_due:%-d %B %Y}. "
            "Arrange it with the apprentice and their employer.",
        )
    if days <= REVIEW_NOTICE_DAYS:
        return Due(
            Kind.REVIEW_DUE,
            f"{Kind.REVIEW_DUE}:{apprenticeship_id}:{next_review_due.isoformat()}",
            (Audience.APPRENTICE, Audience.CONSULTANT, Audience.EMPLOYER),
            f"Progress review due by {next_review_due:%-d %B %Y}: {name}",
            f"{name}'s next progress review is due by {next_review_due:%-d %B %Y}. "
            "The apprentice, the training consultant and the employer take part.",
        )
    return None


def signature_reminder(
    kind: Kind, record_id: int, unsigned: tuple[Audience, ...], what: str, name: str
) -> Due | None:
    """Remind each party who has not signed, once for each version of the record."""
    if not unsigned:
        return None
    return Due(
        kind,
        f"{kind}:{record_id}",
        unsigned,
        f"Waiting for your signature: {what} for {name}",
        f"{what[0].upper()}{what[1:]} for {name} is waiting for your signature. "
        "Read it in Trellis and sign it if you agree.",
    )


def otj_reminder(
    apprenticeship_id: int, decider: Audience, waiting: int, newest_entry_id: int, name: str
) -> Due | None:
    """Remind the side that confirms entries, once for each newly logged entry."""
    if waiting <= 0:
        return None
    entries = "1 off-the-job entry" if waiting == 1 else f"{waiting} off-the-job entries"
    return Due(
        Kind.OTJ_CONFIRMATION,
        f"{Kind.OTJ_CONFIRMATION}:{apprenticeship_id}:{decider}:{newest_entry_id}",
        (decider,),
        f"Off-the-job hours to confirm: {name}",
        f"{entries} for {name} {'is' if waiting == 1 else 'are'} waiting for you to confirm "
        "or reject.",
    )


def epa_date_reminder(epa_date_id: int, day: date, today: date, what: str, name: str) -> Due | None:
    """Remind everyone taking part in the week before a booked day."""
    days = (day - today).days
    if not 0 <= days <= EPA_DATE_NOTICE_DAYS:
        return None
    return Due(
        Kind.EPA_DATE,
        f"{Kind.EPA_DATE}:{epa_date_id}:{day.isoformat()}",
        (Audience.APPRENTICE, Audience.CONSULTANT, Audience.EMPLOYER, Audience.ASSESSOR),
        f"End-point assessment on {day:%A %-d %B %Y}: {name}",
        f"{name}'s end-point assessment ({what}) is on {day:%A %-d %B %Y}.",
    )


def showcase_reminder(
    apprenticeship_id: int,
    planned_gateway: date,
    today: date,
    sections_missing: int,
    name: str,
) -> Due | None:
    """Remind the apprentice and consultant in the four weeks before the planned gateway,
    and after it, while any Showcase section is incomplete."""
    if sections_missing <= 0 or (planned_gateway - today).days > SHOWCASE_NOTICE_DAYS:
        return None
    sections = "1 section" if sections_missing == 1 else f"{sections_missing} sections"
    return Due(
        Kind.SHOWCASE_INCOMPLETE,
        f"{Kind.SHOWCASE_INCOMPLETE}:{apprenticeship_id}:{planned_gateway.isoformat()}",
        (Audience.APPRENTICE, Audience.CONSULTANT),
        f"Showcase incomplete before gateway: {name}",
        f"{name}'s gateway is planned for {planned_gateway:%-d %B %Y} and the Showcase still "
        f"has {sections} to complete.",
    )
