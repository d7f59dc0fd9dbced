"""Reads for the EPAO's dashboard: a fixed number of queries for each EPAO the person works for."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from trellis.booking.models import EpaDate
from trellis.booking.selectors import AssessorLoad, workload
from trellis.epa.models import Assessment, Moderation
from trellis.gateway.access import epao_ids_read_by
from trellis.gateway.models import GatewayAttempt
from trellis.organisations.models import Organisation, User
from trellis.reports import rules
from trellis.reports.selectors import results_after_gateway

BOOKING_WEEKS = 8
OLDEST_SHOWN = 10


@dataclass(frozen=True)
class EpaoDashboard:
    epao: Organisation
    waiting: list[GatewayAttempt]
    waiting_count: int
    waiting_bands: list[rules.Bar]
    oldest_days: int | None
    weeks: list[tuple[date, rules.Bar]]
    assessors: list[AssessorLoad]
    grades: list[rules.Bar]
    moderation: rules.ModerationSummary
    gateway_to_result: rules.Durations


def epaos_for(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=epao_ids_read_by(user)).order_by("name")


def epao_dashboard(epao: Organisation, today: date) -> EpaoDashboard:
    """Return what the EPAO's dashboard shows of its work as it stands today."""
    waiting = GatewayAttempt.objects.filter(
        epao=epao, status=GatewayAttempt.Status.SUBMITTED
    ).select_related("apprenticeship__apprentice", "apprenticeship__provider")
    submitted = list(waiting.order_by("submitted_at", "pk"))
    ages = [(today - timezone.localtime(a.submitted_at).date()).days for a in submitted]
    monday = today - timedelta(days=today.weekday())
    booked_days = EpaDate.objects.filter(
        booking__epao=epao,
        status=EpaDate.Status.BOOKED,
        day__gte=monday,
        day__lt=monday + timedelta(weeks=BOOKING_WEEKS),
    ).values_list("day", flat=True)
    weeks = rules.weekly_counts(booked_days, monday, BOOKING_WEEKS)
    week_bars = rules.bars([(f"w/c {start:%-d %b}", count) for start, count in weeks])
    finals = Assessment.objects.filter(booking__epao=epao, status=Assessment.Status.FINAL)
    grade_counts = dict(
        finals.annotate(grade=KeyTextTransform("grade", "final_result"))
        .order_by()
        .values_list("grade")
        .annotate(count=Count("pk"))
    )
    moderations = Moderation.objects.filter(assessment__booking__epao=epao).annotate(
        before=KeyTextTransform("grade", "result_before"),
        after=KeyTextTransform("grade", "result_after"),
    )
    return EpaoDashboard(
        epao=epao,
        waiting=submitted[:OLDEST_SHOWN],
        waiting_count=len(submitted),
        waiting_bands=rules.bars(rules.waiting_bands(ages)),
        oldest_days=max(ages, default=None),
        weeks=[(start, bar) for (start, _), bar in zip(weeks, week_bars, strict=True)],
        assessors=workload(epao.pk, today=today),
        grades=rules.bars(
            [(g.title(), grade_counts[g]) for g in rules.grades_in_order(grade_counts)]
        ),
        moderation=rules.moderation_summary(moderations.values_list("outcome", "before", "after")),
        gateway_to_result=results_after_gateway(finals),
    )
