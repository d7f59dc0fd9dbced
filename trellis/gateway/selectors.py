"""Read what gateway readiness rests on from the records, and the attempts as pages show them."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from trellis.apprenticeships.funding import NoFundingPeriodError, load_funding_rules
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.selectors import break_periods, funding_period_for
from trellis.gateway import readiness
from trellis.gateway.models import Declaration, GatewayAttempt, Override
from trellis.otj.selectors import otj_totals
from trellis.portfolio.models import KsbCoverage
from trellis.qualifications.models import SafeguardingQualification
from trellis.qualifications.selectors import qualifications_overview
from trellis.reviews.selectors import review_schedule
from trellis.showcase.selectors import showcase_state
from trellis.standards.models import KSB


def requirement_specs(apprenticeship: Apprenticeship) -> list[readiness.RequirementSpec]:
    """Return the standard's gateway requirements, then the funding rules' own."""
    rules = apprenticeship.standard_version.rules or {}
    specs = [
        readiness.RequirementSpec(
            code=entry["code"],
            title=entry["title"],
            source=entry.get("source", ""),
            confirmed=entry.get("confirmed", True),
        )
        for entry in rules.get("gateway", {}).get("requirements", [])
    ]
    codes = {spec.code for spec in specs}
    specs += [
        readiness.RequirementSpec(
            code=requirement.code,
            title=requirement.title,
            source=requirement.source,
            confirmed=requirement.confirmed,
        )
        for requirement in load_funding_rules().gateway_requirements
        if requirement.code not in codes
    ]
    return specs


def minimum_months(apprenticeship: Apprenticeship) -> int:
    """Return the longer of the standard's minimum before gateway and the funding rules'."""
    rules = apprenticeship.standard_version.rules or {}
    standard = rules.get("on_programme", {}).get("minimum_before_gateway", {}).get("months", 0)
    try:
        funding = funding_period_for(apprenticeship).minimum_duration_months
    except NoFundingPeriodError:
        funding = 0
    return max(standard, funding)


def readiness_facts(apprenticeship: Apprenticeship, *, today: date) -> readiness.ReadinessFacts:
    """Return every fact the checks rest on, as the records stand today."""
    codes = list(
        KSB.objects.filter(standard_version_id=apprenticeship.standard_version_id).values_list(
            "code", flat=True
        )
    )
    secure = frozenset(
        KsbCoverage.objects.filter(
            apprenticeship=apprenticeship, state=KsbCoverage.State.SECURE
        ).values_list("ksb__code", flat=True)
    )
    showcase = showcase_state(apprenticeship)
    safeguarding = SafeguardingQualification.objects.filter(apprenticeship=apprenticeship).first()
    subjects = [
        readiness.SubjectFact(
            name=view.label, outstanding=view.status.outstanding, reason=view.status.reason
        )
        for view in qualifications_overview(apprenticeship).subjects
    ]
    totals = otj_totals(apprenticeship)
    return readiness.ReadinessFacts(
        today=today,
        start=apprenticeship.start_date,
        minimum_months=minimum_months(apprenticeship),
        breaks=break_periods(apprenticeship),
        ksb_codes=codes,
        secure_codes=secure,
        showcase_sections=len(showcase.sections),
        showcase_missing=[
            section.title for section in showcase.sections if not section.is_complete
        ],
        safeguarding_achieved_on=safeguarding.achieved_on if safeguarding else None,
        subjects=subjects,
        otj_required=totals.required,
        otj_confirmed=totals.actual,
        next_review_due=review_schedule(apprenticeship).next_due,
        epao_name=apprenticeship.epao.name if apprenticeship.epao_id else "",
    )


def open_attempt(apprenticeship: Apprenticeship) -> GatewayAttempt | None:
    """Return the attempt under way (signing off, submitted or accepted), if any."""
    return (
        GatewayAttempt.objects.filter(
            apprenticeship=apprenticeship, status__in=GatewayAttempt.OPEN_STATUSES
        )
        .prefetch_related(_declarations(), _overrides())
        .first()
    )


def _declarations() -> Prefetch:
    return Prefetch("declarations", queryset=Declaration.objects.select_related("declared_by"))


def _overrides() -> Prefetch:
    return Prefetch("overrides", queryset=Override.objects.select_related("overridden_by"))


def attempts_of(apprenticeship: Apprenticeship) -> QuerySet[GatewayAttempt]:
    """Return every attempt, the latest first, with what each page shows of it."""
    return (
        GatewayAttempt.objects.filter(apprenticeship=apprenticeship)
        .select_related("epao", "submitted_by", "decided_by", "showcase_snapshot")
        .prefetch_related(_declarations(), _overrides(), "return_reasons")
        .order_by("-number")
    )


@dataclass(frozen=True)
class Readiness:
    """The checklist, the sign-off so far and the forecast for one apprentice today."""

    checks: list[readiness.Check]
    sign_off: readiness.Check
    declared: dict[str, Declaration]
    next_to_declare: str | None
    forecast: readiness.Forecast
    attempt: GatewayAttempt | None

    @property
    def requirements_satisfied(self) -> bool:
        return not readiness.unsatisfied(self.checks)

    @property
    def ready_to_submit(self) -> bool:
        return self.requirements_satisfied and self.next_to_declare is None

    @property
    def unmet(self) -> list[readiness.Check]:
        return readiness.unsatisfied(self.checks)

    @property
    def overrides_left(self) -> int:
        return readiness.overrides_left(self.checks)


def readiness_for(apprenticeship: Apprenticeship, *, today: date) -> Readiness:
    """Return where the apprentice stands for gateway today."""
    specs = requirement_specs(apprenticeship)
    facts = readiness_facts(apprenticeship, today=today)
    attempt = open_attempt(apprenticeship)
    overrides = {o.requirement_code: o.reason for o in attempt.overrides.all()} if attempt else {}
    declared = {d.party: d for d in attempt.declarations.all()} if attempt else {}
    checks = readiness.checklist(specs, facts, overrides)
    sign_off_spec = next(
        (spec for spec in specs if spec.code == readiness.SIGN_OFF_CODE),
        readiness.RequirementSpec(
            code=readiness.SIGN_OFF_CODE,
            title="Employer, training provider and apprentice agree the apprentice is "
            "competent and ready",
        ),
    )
    waiting = readiness.next_to_declare(declared)
    sign_off = readiness.Check(
        code=sign_off_spec.code,
        title=sign_off_spec.title,
        met=waiting is None,
        detail=_sign_off_detail(declared, waiting),
        source=sign_off_spec.source,
        confirmed=sign_off_spec.confirmed,
    )
    return Readiness(
        checks=checks,
        sign_off=sign_off,
        declared=declared,
        next_to_declare=waiting,
        forecast=readiness.forecast(specs, facts),
        attempt=attempt,
    )


def _sign_off_detail(declared: dict[str, Declaration], waiting: str | None) -> str:
    if waiting is None:
        return "All three have declared the apprentice competent and ready."
    done = len(declared)
    return f"{done} of 3 declarations; {readiness.SIGN_OFF_LABELS[waiting]} declares next."
