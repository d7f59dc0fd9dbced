"""The Showcase over the API: sections, submission and the frozen snapshots."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from trellis.api.schemas import ErrorOut
from trellis.portfolio.access import get_apprenticeship_for_portfolio
from trellis.portfolio.models import EvidenceItem
from trellis.showcase import downloads, selectors
from trellis.showcase.models import ShowcaseSnapshot
from trellis.showcase.rules import NARRATIVE_MAX_WORDS
from trellis.showcase.services import can_write, showcase_section_save, showcase_submit

router = Router(tags=["Showcase"])
SHOWCASE = "/apprenticeships/{apprenticeship_id}/showcase"
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class SectionKsbOut(Schema):
    code: str
    statement: str


class PickedItemOut(Schema):
    id: int
    title: str
    occurred_on: str
    status: str


class SectionOut(Schema):
    key: str = Field(description="theme-N or ksb-CODE, from the standard.")
    title: str
    ksbs: list[SectionKsbOut]
    status: str = Field(
        description="complete, not_started, evidence_missing, narrative_missing, "
        "narrative_too_long or no_longer_secure."
    )
    status_label: str
    missing: list[str] = Field(description="What the section still lacks, in words.")
    narrative: str
    revision: int = Field(description="Send it back when saving; 0 for a section never saved.")
    evidence: list[PickedItemOut]


class ShowcaseOut(Schema):
    complete: bool
    complete_sections: int
    total_sections: int
    narrative_max_words: int
    can_write: bool
    sections: list[SectionOut]


class SectionIn(Schema):
    narrative: str = ""
    evidence: list[int] = Field(default_factory=list, description="Evidence item ids.")
    revision: int = Field(ge=0)


class SnapshotOut(Schema):
    number: int
    submitted_by: str
    submitted_at: datetime
    pdf_sha256: str
    files: int

    @staticmethod
    def resolve_submitted_by(snapshot: ShowcaseSnapshot) -> str:
        return snapshot.submitted_by.full_name

    @staticmethod
    def resolve_files(snapshot: ShowcaseSnapshot) -> int:
        return snapshot.files.count()


class SnapshotContentOut(SnapshotOut):
    content: dict = Field(description="Every word of the Showcase as it was submitted.")


def _section_out(section: selectors.SectionState) -> dict:
    return {
        "key": section.key,
        "title": section.title,
        "ksbs": [{"code": ksb.code, "statement": ksb.statement} for ksb in section.ksbs],
        "status": section.status,
        "status_label": section.status_label,
        "missing": section.missing,
        "narrative": section.narrative,
        "revision": section.revision,
        "evidence": [
            {
                "id": item.pk,
                "title": item.title,
                "occurred_on": item.occurred_on.isoformat(),
                "status": item.status,
            }
            for item in section.picked
        ],
    }


def _showcase_out(request: HttpRequest, apprenticeship) -> dict:
    state = selectors.showcase_state(apprenticeship)
    return {
        "complete": state.is_complete,
        "complete_sections": state.complete_count,
        "total_sections": len(state.sections),
        "narrative_max_words": NARRATIVE_MAX_WORDS,
        "can_write": can_write(request.auth, apprenticeship),
        "sections": [_section_out(section) for section in state.sections],
    }


@router.get(SHOWCASE, response={200: ShowcaseOut, 404: ErrorOut})
def showcase_get(request: HttpRequest, apprenticeship_id: int) -> dict:
    """Return each section with its status and what it still lacks."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    return _showcase_out(request, apprenticeship)


@router.put(f"{SHOWCASE}/sections/{{key}}", response={200: SectionOut, **ERRORS})
def showcase_section_put(
    request: HttpRequest, apprenticeship_id: int, key: str, payload: SectionIn
):
    """Save a section's picked evidence and narrative (the apprentice only)."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    items = list(
        EvidenceItem.objects.filter(apprenticeship=apprenticeship, pk__in=payload.evidence)
    )
    unknown = sorted(set(payload.evidence) - {item.pk for item in items})
    if unknown and can_write(request.auth, apprenticeship):
        raise ValidationError(
            {"evidence": f"No such evidence in this portfolio: {', '.join(map(str, unknown))}."}
        )
    showcase_section_save(
        apprenticeship=apprenticeship,
        key=key,
        narrative=payload.narrative,
        evidence=items,
        revision=payload.revision,
        saved_by=request.auth,
    )
    section = selectors.section_state(apprenticeship, key)
    return _section_out(section)


@router.post(f"{SHOWCASE}/submit", response={201: SnapshotOut, **ERRORS})
def showcase_submit_endpoint(request: HttpRequest, apprenticeship_id: int):
    """Submit the Showcase for gateway, freezing it as the next snapshot."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    snapshot = showcase_submit(apprenticeship=apprenticeship, submitted_by=request.auth)
    return Status(201, snapshot)


@router.get(f"{SHOWCASE}/snapshots", response={200: list[SnapshotOut], 404: ErrorOut})
def showcase_snapshots(request: HttpRequest, apprenticeship_id: int):
    """Return the submitted snapshots, newest first."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    return selectors.snapshots_for(apprenticeship)


@router.get(f"{SHOWCASE}/snapshots/{{number}}", response={200: SnapshotContentOut, 404: ErrorOut})
def showcase_snapshot(request: HttpRequest, apprenticeship_id: int, number: int):
    """Return one snapshot with every word it froze."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    return downloads.get_snapshot(apprenticeship, number)


@router.get(
    f"{SHOWCASE}/snapshots/{{number}}/pdf",
    response={200: None, 404: ErrorOut},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def showcase_snapshot_pdf(
    request: HttpRequest, apprenticeship_id: int, number: int
) -> HttpResponse:
    """Download the snapshot's PDF."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    return downloads.pdf_response(downloads.get_snapshot(apprenticeship, number))


@router.get(
    f"{SHOWCASE}/snapshots/{{number}}/zip",
    response={200: None, 404: ErrorOut},
    openapi_extra={"responses": {200: {"content": {"application/zip": {}}}}},
)
def showcase_snapshot_zip(
    request: HttpRequest, apprenticeship_id: int, number: int
) -> HttpResponse:
    """Download the snapshot's PDF and every file it lists, as one zip."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    return downloads.zip_response(downloads.get_snapshot(apprenticeship, number))
