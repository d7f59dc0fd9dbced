"""Reads for the equality questions and the report.

The report counts in the database, one grouped query per characteristic and one for everyone,
so it makes the same number of queries whatever the number of apprentices. It reads no one's
answers into Python: only counts by group leave the database.
"""

from collections.abc import Iterable

from django.db.models import (
    Case,
    CharField,
    Count,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from trellis.apprenticeships.models import Apprenticeship
from trellis.equality import rules
from trellis.equality.models import EqualityAnswers
from trellis.organisations.models import User
from trellis.qualifications.rules import age_on

Status = Apprenticeship.Status
Characteristic = rules.Characteristic
ANSWERED_CHARACTERISTICS = (
    Characteristic.ETHNIC_GROUP,
    Characteristic.SEX,
    Characteristic.DISABILITY,
)


def answers_of(apprentice: User) -> EqualityAnswers | None:
    """Return the apprentice's own answers, or None if they have given none."""
    return EqualityAnswers.objects.filter(apprentice=apprentice).first()


def own_age_bands(apprentice: User) -> list[tuple[Apprenticeship, str, str]]:
    """Return each of the apprentice's apprenticeships, earliest first, with the key and label
    of their age band at its start."""
    born = apprentice.date_of_birth
    bands = []
    for apprenticeship in Apprenticeship.objects.filter(apprentice=apprentice).order_by(
        "start_date", "pk"
    ):
        band = rules.age_band(None if born is None else age_on(born, apprenticeship.start_date))
        bands.append((apprenticeship, band, rules.AGE_BAND_LABELS[band]))
    return bands


def report_apprenticeships(provider_id: int, cohort: int | None) -> QuerySet[Apprenticeship]:
    """Return the provider's apprenticeships the report counts: every one, or one start year's."""
    apprenticeships = Apprenticeship.objects.filter(provider_id=provider_id)
    if cohort is not None:
        apprenticeships = apprenticeships.filter(start_date__year=cohort)
    return apprenticeships


def cohort_choices(provider_ids: Iterable[int]) -> list[int]:
    """Return the years in which these providers' apprentices started, latest first."""
    return sorted(
        {
            day.year
            for day in Apprenticeship.objects.filter(provider_id__in=provider_ids).dates(
                "start_date", "year"
            )
        },
        reverse=True,
    )


def _answer(field: str) -> Subquery:
    """The apprentice's answer to one question, or NULL when they have given none."""
    return Subquery(
        EqualityAnswers.objects.filter(apprentice_id=OuterRef("apprentice_id")).values(field)[:1],
        output_field=CharField(),
    )


def _month_day(field: str) -> Expression:
    return ExtractMonth(field) * 100 + ExtractDay(field)


def _with_age_band(apprenticeships: QuerySet[Apprenticeship]) -> QuerySet[Apprenticeship]:
    """Annotate each apprenticeship's age band at the start as `group`, the age worked out in
    whole years as age_on does: the years between, less one if the birthday is still to come."""
    born = "apprentice__date_of_birth"
    birthday_to_come = Case(
        When(Q(start_month_day__lt=F("born_month_day")), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    younger_bands = [
        When(age_at_start__lte=oldest, then=Value(key))
        for key, _, oldest in rules.AGE_BANDS
        if oldest is not None
    ]
    return (
        apprenticeships.annotate(
            start_month_day=_month_day("start_date"), born_month_day=_month_day(born)
        )
        .annotate(age_at_start=ExtractYear("start_date") - ExtractYear(born) - birthday_to_come)
        .annotate(
            group=Case(
                When(**{f"{born}__isnull": True}, then=Value(rules.AGE_NOT_RECORDED)),
                *younger_bands,
                default=Value(rules.AGE_BANDS[-1][0]),
                output_field=CharField(),
            )
        )
    )


def _counted() -> dict[str, Count]:
    """How the report counts: apprentices, and the apprenticeships started, completed and left."""
    return {
        "apprentices": Count("apprentice", distinct=True),
        "started": Count("pk"),
        "completed": Count("pk", filter=Q(status=Status.COMPLETED)),
        "withdrawn": Count("pk", filter=Q(status=Status.WITHDRAWN)),
    }


def _grouped(apprenticeships: QuerySet[Apprenticeship]) -> dict[str | None, rules.Counts]:
    """Return the counts for each value of the `group` annotation."""
    rows = apprenticeships.order_by().values("group").annotate(**_counted())
    return {row.pop("group"): rules.Counts(**row) for row in rows}


def report_counts(
    apprenticeships: QuerySet[Apprenticeship],
) -> dict[rules.Characteristic, dict[str | None, rules.Counts]]:
    """Return, for each characteristic, the counts by stored value (None: no answers)."""
    # Each question's answer is held in the field named as its characteristic.
    counts = {
        characteristic: _grouped(apprenticeships.annotate(group=_answer(characteristic)))
        for characteristic in ANSWERED_CHARACTERISTICS
    }
    counts[Characteristic.AGE_BAND] = _grouped(_with_age_band(apprenticeships))
    return counts


def report_total(apprenticeships: QuerySet[Apprenticeship]) -> rules.Counts:
    """Return the counts for every apprentice the report covers."""
    return rules.Counts(**apprenticeships.aggregate(**_counted()))
