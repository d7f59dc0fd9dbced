"""Reads for internal quality assurance: the lists on the dashboard and the coverage report."""

from dataclasses import dataclass

from django.db.models import F, QuerySet

from trellis.iqa import access, rules
from trellis.iqa.models import IqaSample
from trellis.iqa.services import Period, provider_consultants, provider_decisions
from trellis.organisations.models import Organisation, User
from trellis.portfolio.models import KsbJudgement


@dataclass(frozen=True)
class ReportRow:
    consultant: User | None
    figures: rules.CoverageRow


@dataclass(frozen=True)
class Report:
    provider: Organisation
    period: Period
    rows: list[ReportRow]
    total: rules.CoverageRow


def coverage_report(provider: Organisation, period: Period) -> Report:
    """Return each consultant's sampling coverage in the period (consultants of the provider
    with no decisions included, by name) and the provider's total."""
    decisions = list(provider_decisions(provider, period).values_list("pk", "decided_by_id"))
    samples = IqaSample.objects.filter(
        provider=provider, decision_id__in=[pk for pk, _ in decisions]
    ).values_list("decision_id", "outcome", "responded_at")
    rows, total = rules.coverage_report(
        [rules.DecisionFact(pk, consultant_id) for pk, consultant_id in decisions],
        [
            rules.SampleFact(pk, outcome, responded is not None)
            for pk, outcome, responded in samples
        ],
    )
    by_consultant = {row.consultant_id: row for row in rows}
    people = {user.pk: user for user in provider_consultants(provider)}
    people.update(
        (user.pk, user) for user in User.objects.filter(pk__in=set(by_consultant) - set(people))
    )
    ordered = sorted(people.values(), key=lambda user: (user.full_name.lower(), user.pk))
    return Report(
        provider=provider,
        period=period,
        rows=[
            ReportRow(user, by_consultant.get(user.pk) or rules.CoverageRow(consultant_id=user.pk))
            for user in ordered
        ],
        total=total,
    )


def provider_samples(provider: Organisation, user: User) -> QuerySet[IqaSample]:
    return access.samples_visible_to(user).filter(provider=provider)


def awaiting_review(provider: Organisation, user: User) -> QuerySet[IqaSample]:
    """Samples with no verdict yet, oldest first."""
    return (
        provider_samples(provider, user)
        .filter(outcome=IqaSample.Outcome.PENDING)
        .order_by("sampled_at", "pk")
    )


def awaiting_consultant(provider: Organisation, user: User) -> QuerySet[IqaSample]:
    """Referred samples the consultant has not yet responded to, oldest first."""
    return (
        provider_samples(provider, user)
        .filter(outcome=IqaSample.Outcome.REFERRED, responded_at__isnull=True)
        .order_by("reviewed_at", "pk")
    )


def reviewed(provider: Organisation, user: User) -> QuerySet[IqaSample]:
    """Samples whose review is done (agreed, or referred and responded to), newest first."""
    return (
        provider_samples(provider, user)
        .exclude(outcome=IqaSample.Outcome.PENDING)
        .exclude(outcome=IqaSample.Outcome.REFERRED, responded_at__isnull=True)
        .order_by("-reviewed_at", "-pk")
    )


def recently_reviewed(provider: Organisation, user: User, limit: int = 10) -> list[IqaSample]:
    return list(reviewed(provider, user)[:limit])


def referrals_for(consultant: User) -> QuerySet[IqaSample]:
    """The consultant's decisions referred back: those awaiting a response first."""
    return (
        access.samples_visible_to(consultant)
        .filter(consultant=consultant, outcome=IqaSample.Outcome.REFERRED)
        .order_by(F("responded_at").desc(nulls_first=True), "reviewed_at", "pk")
    )


def agreed_for(consultant: User) -> QuerySet[IqaSample]:
    return (
        access.samples_visible_to(consultant)
        .filter(consultant=consultant, outcome=IqaSample.Outcome.AGREED)
        .order_by("-reviewed_at", "-pk")
    )


def judged_ksb_codes(provider: Organisation) -> list[str]:
    """Return the KSB codes the provider's decisions have judged, for the draw's choice."""
    codes = set(
        KsbJudgement.objects.filter(decision__item__apprenticeship__provider=provider).values_list(
            "ksb__code", flat=True
        )
    )
    return sorted(codes, key=_code_order)


def _code_order(code: str) -> tuple[str, int, str]:
    letters = code.rstrip("0123456789")
    digits = code[len(letters) :]
    return (letters, int(digits) if digits else 0, code)
