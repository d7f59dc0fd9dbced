"""Reads for training plans."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import SIGNING_PARTIES, Party
from trellis.apprenticeships.selectors import funding_period_for
from trellis.plans.models import PlanActivity, PlanSignature, PlanVersion
from trellis.plans.rules import EpaoFlag, TimetableRow, epao_flag, missing_parties, timetable
from trellis.standards.models import KSB


def _versions_with_contents():
    return PlanVersion.objects.select_related("epao", "created_by").prefetch_related(
        Prefetch(
            "activities",
            queryset=PlanActivity.objects.prefetch_related(
                Prefetch("ksbs", queryset=KSB.objects.order_by("position"))
            ),
        ),
        Prefetch("signatures", queryset=PlanSignature.objects.select_related("signed_by")),
    )


def current_plan_version(apprenticeship: Apprenticeship) -> PlanVersion | None:
    """Return the plan's newest version with its activities and signatures, or None if no plan."""
    return (
        _versions_with_contents().filter(apprenticeship=apprenticeship).order_by("-number").first()
    )


def plan_versions(apprenticeship: Apprenticeship) -> list[PlanVersion]:
    """Return every version of the plan, newest first, with counts for the version list."""
    return list(
        PlanVersion.objects.filter(apprenticeship=apprenticeship)
        .select_related("created_by", "epao")
        .prefetch_related(
            Prefetch("signatures", queryset=PlanSignature.objects.select_related("signed_by"))
        )
        .annotate(activity_count=Count("activities", distinct=True))
        .order_by("-number")
    )


def plan_version_get(apprenticeship: Apprenticeship, number: int) -> PlanVersion:
    """Return one version of the plan with its contents; 404 if there is no such version."""
    version = _versions_with_contents().filter(apprenticeship=apprenticeship, number=number).first()
    if version is None:
        raise Http404("No such plan version.")
    return version


def version_is_agreed(version: PlanVersion) -> bool:
    """Tell whether all three parties have signed this version."""
    signed = {signature.party for signature in version.signatures.all()}
    return not missing_parties(signed, SIGNING_PARTIES)


def plan_is_agreed(apprenticeship: Apprenticeship) -> bool:
    """Tell whether the plan's current version has been signed by all three parties."""
    current = (
        PlanVersion.objects.filter(apprenticeship=apprenticeship)
        .order_by("-number")
        .annotate(
            parties_signed=Count(
                "signatures__party",
                filter=Q(signatures__party__in=SIGNING_PARTIES),
                distinct=True,
            )
        )
        .first()
    )
    return current is not None and current.parties_signed == len(SIGNING_PARTIES)


@dataclass(frozen=True)
class SigningState:
    """Who has signed a version, who still has to, and whether it is agreed."""

    signatures: list[PlanSignature]
    waiting_for: list[Party]
    replaced: bool = False

    @property
    def agreed(self) -> bool:
        return not self.waiting_for

    @property
    def label(self) -> str:
        if self.replaced:
            return "Agreed, since replaced" if self.agreed else "Replaced before it was agreed"
        if self.agreed:
            return "Agreed"
        if self.signatures:
            return "Waiting for signatures"
        return "Draft: not signed yet"

    @property
    def tag(self) -> str:
        if self.replaced:
            return "grey"
        if self.agreed:
            return "green"
        return "yellow" if self.signatures else "grey"


def signing_state(version: PlanVersion, *, replaced: bool = False) -> SigningState:
    """Return who has signed this version and who still has to."""
    signatures = sorted(
        version.signatures.all(), key=lambda s: SIGNING_PARTIES.index(Party(s.party))
    )
    waiting = missing_parties([s.party for s in signatures], SIGNING_PARTIES)
    return SigningState(
        signatures=signatures, waiting_for=[Party(p) for p in waiting], replaced=replaced
    )


def plan_epao_flag(
    apprenticeship: Apprenticeship, version: PlanVersion | None, *, today: date
) -> EpaoFlag | None:
    """Return the flag for a plan that should name the EPAO by now and does not."""
    if not apprenticeship.is_active:
        return None
    return epao_flag(
        epao_named=version is not None and version.epao_id is not None,
        named_by=funding_period_for(apprenticeship).epao_named_by(apprenticeship.planned_end_date),
        planned_end=apprenticeship.planned_end_date,
        today=today,
    )


def current_plan_epao_ids(apprenticeship_ids: Iterable[int]) -> dict[int, int | None]:
    """Return, in one query, the EPAO named on each apprenticeship's current plan (None if none)."""
    newest = PlanVersion.objects.filter(apprenticeship=OuterRef("pk")).order_by("-number")
    rows = Apprenticeship.objects.filter(pk__in=list(apprenticeship_ids)).annotate(
        plan_epao_id=Subquery(newest.values("epao_id")[:1])
    )
    return {row.pk: row.plan_epao_id for row in rows.only("pk")}


def plan_timetable(apprenticeship: Apprenticeship, version: PlanVersion) -> list[TimetableRow]:
    """Return the version's activities laid out month by month over the apprenticeship."""
    return timetable(
        first=apprenticeship.start_date,
        last=apprenticeship.planned_end_date,
        activities=list(version.activities.all()),
    )


KSB_GROUPS = (
    (KSB.Kind.KNOWLEDGE, "Knowledge"),
    (KSB.Kind.SKILL, "Skills"),
    (KSB.Kind.BEHAVIOUR, "Behaviours"),
)


def ksbs_for(apprenticeship: Apprenticeship):
    """Return the KSBs of the apprenticeship's standard version, in the standard's order."""
    return KSB.objects.filter(standard_version_id=apprenticeship.standard_version_id).order_by(
        "position"
    )
