"""Reads of the Showcase: its sections from the standard, where each stands, and the
evidence that may be picked for each."""

from dataclasses import dataclass, field

from django.db.models import F

from trellis.apprenticeships.models import Apprenticeship
from trellis.portfolio.models import EvidenceItem, EvidenceKsb, Judgement, KsbJudgement
from trellis.showcase import rules
from trellis.showcase.models import Showcase, ShowcaseSection, ShowcaseSnapshot
from trellis.standards.models import KSB


@dataclass
class SectionState:
    """One section as the apprentice sees it now."""

    definition: rules.SectionDefinition
    ksbs: list[KSB]
    narrative: str
    revision: int
    picked: list[EvidenceItem]
    status: str
    missing: list[str]
    candidates: list[EvidenceItem] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def title(self) -> str:
        return self.definition.title

    @property
    def status_label(self) -> str:
        return rules.STATUS_LABELS[self.status]

    @property
    def is_complete(self) -> bool:
        return self.status == rules.COMPLETE


@dataclass
class ShowcaseState:
    sections: list[SectionState]

    @property
    def complete_count(self) -> int:
        return sum(1 for section in self.sections if section.is_complete)

    @property
    def is_complete(self) -> bool:
        return bool(self.sections) and self.complete_count == len(self.sections)


def standard_ksbs(apprenticeship: Apprenticeship) -> list[KSB]:
    return list(
        KSB.objects.filter(standard_version_id=apprenticeship.standard_version_id)
        .select_related("theme")
        .order_by("position")
    )


def section_definitions(
    apprenticeship: Apprenticeship, ksbs: list[KSB] | None = None
) -> list[rules.SectionDefinition]:
    ksbs = standard_ksbs(apprenticeship) if ksbs is None else ksbs
    themes = apprenticeship.standard_version.themes.all()
    return rules.section_definitions(
        [rules.StandardTheme(number=theme.number, title=theme.title) for theme in themes],
        [
            rules.StandardKsb(
                code=ksb.code,
                position=ksb.position,
                theme_number=ksb.theme.number if ksb.theme else None,
                statement=ksb.statement,
            )
            for ksb in ksbs
        ],
    )


def secure_codes_by_item(apprenticeship: Apprenticeship) -> dict[int, set[str]]:
    """Return, for each assessed item, the KSB codes the decision that stands judged secure."""
    rows = KsbJudgement.objects.filter(
        decision__item__apprenticeship=apprenticeship,
        decision__item__status=EvidenceItem.Status.ASSESSED,
        decision_id=F("decision__item__current_decision_id"),
        judgement=Judgement.SECURE,
    ).values_list("decision__item_id", "ksb__code")
    secure: dict[int, set[str]] = {}
    for item_id, code in rows:
        secure.setdefault(item_id, set()).add(code)
    return secure


def showcase_for(apprenticeship: Apprenticeship) -> Showcase | None:
    return Showcase.objects.filter(apprenticeship=apprenticeship).first()


def showcase_state(
    apprenticeship: Apprenticeship, *, with_candidates: bool = False
) -> ShowcaseState:
    """Return every section with its status, what it lacks and (if asked) what may be picked."""
    ksbs = standard_ksbs(apprenticeship)
    by_code = {ksb.code: ksb for ksb in ksbs}
    definitions = section_definitions(apprenticeship, ksbs)
    showcase = showcase_for(apprenticeship)
    stored: dict[str, ShowcaseSection] = {}
    if showcase is not None:
        stored = {
            section.key: section
            for section in showcase.sections.prefetch_related("evidence").order_by("pk")
        }
    secure = secure_codes_by_item(apprenticeship)
    mapped: dict[int, set[str]] = {}
    for item_id, code in EvidenceKsb.objects.filter(
        item__apprenticeship=apprenticeship
    ).values_list("item_id", "ksb__code"):
        mapped.setdefault(item_id, set()).add(code)
    candidates_pool: list[EvidenceItem] = []
    if with_candidates:
        candidates_pool = list(
            EvidenceItem.objects.filter(pk__in=secure.keys()).order_by("-occurred_on", "pk")
        )
    sections = []
    for definition in definitions:
        section = stored.get(definition.key)
        picked = sorted(section.evidence.all(), key=lambda item: item.pk) if section else []
        narrative = section.narrative if section else ""
        picked_rules = [_picked(item, secure, mapped) for item in picked]
        for item in picked:
            item.secure_codes = sorted(
                secure.get(item.pk, set()) & set(definition.ksb_codes),
                key=definition.ksb_codes.index,
            )
        sections.append(
            SectionState(
                definition=definition,
                ksbs=[by_code[code] for code in definition.ksb_codes],
                narrative=narrative,
                revision=section.revision if section else 0,
                picked=picked,
                status=rules.section_status(definition, narrative, picked_rules),
                missing=rules.section_missing(definition, narrative, picked_rules),
                candidates=[
                    _copy_with_codes(item, secure, definition)
                    for item in candidates_pool
                    if secure.get(item.pk, set()) & set(definition.ksb_codes)
                ],
            )
        )
    return ShowcaseState(sections=sections)


def _copy_with_codes(item: EvidenceItem, secure, definition) -> EvidenceItem:
    """Return the item carrying the section's KSBs it is secure for, for the page to show."""
    copy = EvidenceItem(
        pk=item.pk,
        title=item.title,
        occurred_on=item.occurred_on,
        kind=item.kind,
        apprenticeship_id=item.apprenticeship_id,
    )
    copy.secure_codes = sorted(
        secure.get(item.pk, set()) & set(definition.ksb_codes), key=definition.ksb_codes.index
    )
    return copy


def _picked(item: EvidenceItem, secure, mapped) -> rules.PickedItem:
    return rules.PickedItem(
        title=item.title,
        assessed=item.status == EvidenceItem.Status.ASSESSED,
        secure_codes=frozenset(secure.get(item.pk, set())),
        mapped_codes=frozenset(mapped.get(item.pk, set())),
    )


def section_state(apprenticeship: Apprenticeship, key: str) -> SectionState | None:
    for section in showcase_state(apprenticeship, with_candidates=True).sections:
        if section.key == key:
            return section
    return None


def snapshots_for(apprenticeship: Apprenticeship) -> list[ShowcaseSnapshot]:
    return list(
        ShowcaseSnapshot.objects.filter(showcase__apprenticeship=apprenticeship)
        .select_related("submitted_by")
        .order_by("-number")
    )
