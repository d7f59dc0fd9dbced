"""KSB coverage over the API: one apprenticeship's, and a consultant's matrix."""

from datetime import date

from django.core.paginator import EmptyPage, Paginator
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from trellis.api.schemas import ErrorOut
from trellis.caseload import access as caseload_access
from trellis.caseload.coverage_selectors import coverage_matrix, matrix_apprenticeships
from trellis.caseload.selectors import CaseloadQuery
from trellis.portfolio.access import get_apprenticeship_for_portfolio
from trellis.portfolio.coverage import apprenticeship_coverage, coverage_counts
from trellis.portfolio.models import KsbCoverage
from trellis.standards.models import KSB

router = Router(tags=["KSB coverage"])
CoverageState = KsbCoverage.State
MAX_PAGE_SIZE = 100


class KsbCoverageOut(Schema):
    code: str
    kind: KSB.Kind
    statement: str
    state: CoverageState
    accepted_items: int = Field(description="Assessed items whose standing decision judged it.")
    latest_on: date | None = Field(description="The date of the latest of those items.")


class CoverageCountsOut(Schema):
    secure: int
    working_towards: int
    none: int = Field(description="KSBs with no accepted evidence.")
    total: int


class ApprenticeshipCoverageOut(Schema):
    apprenticeship_id: int
    standard: str = Field(description="The standard version, such as ST0148 v1.0.")
    counts: CoverageCountsOut
    ksbs: list[KsbCoverageOut]


class MatrixCellOut(Schema):
    code: str
    state: CoverageState


class MatrixRowOut(Schema):
    apprenticeship_id: int
    apprentice: str
    consultant: str | None
    standard: str
    secure: int
    working_towards: int
    total: int
    ksbs: list[MatrixCellOut]


class CoverageMatrixOut(Schema):
    count: int = Field(description="Apprenticeships across all pages.")
    page: int
    pages: int
    items: list[MatrixRowOut]


class MatrixFilters(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)
    consultant_id: int | None = Field(
        None, description="Only this consultant's apprentices (provider-wide staff only)."
    )


def _standard(version) -> str:
    return f"{version.standard.reference} v{version.version}"


@router.get(
    "/apprenticeships/{apprenticeship_id}/coverage",
    response={200: ApprenticeshipCoverageOut, 404: ErrorOut},
)
def apprenticeship_coverage_get(request: HttpRequest, apprenticeship_id: int) -> dict:
    """Return where each KSB of the apprenticeship's standard version stands."""
    apprenticeship = get_apprenticeship_for_portfolio(request.auth, apprenticeship_id)
    rows = apprenticeship_coverage(apprenticeship)
    counts = coverage_counts(rows)
    return {
        "apprenticeship_id": apprenticeship.pk,
        "standard": _standard(apprenticeship.standard_version),
        "counts": {**counts, "total": len(rows)},
        "ksbs": [
            {
                "code": row.ksb.code,
                "kind": row.ksb.kind,
                "statement": row.ksb.statement,
                "state": row.state,
                "accepted_items": row.accepted_items,
                "latest_on": row.latest_on,
            }
            for row in rows
        ],
    }


@router.get(
    "/coverage",
    response={200: CoverageMatrixOut, 403: ErrorOut},
    description="The KSB coverage of the apprentices in the token owner's caseload (active "
    "apprenticeships), by name, paginated by `page` and `page_size` (at most 100). Provider "
    "staff who look across the provider may narrow it to one consultant's caseload.",
)
def coverage_matrix_get(request: HttpRequest, filters: Query[MatrixFilters]) -> dict:
    """Return one page of the caseload's coverage matrix."""
    caseload_access.require_caseload(request.auth)
    consultant_id = filters.consultant_id
    if not caseload_access.sees_whole_provider(request.auth):
        consultant_id = None
    query = CaseloadQuery(consultant_id=consultant_id)
    paginator = Paginator(matrix_apprenticeships(request.auth, query), filters.page_size)
    try:
        apprenticeships = list(paginator.page(filters.page).object_list)
    except EmptyPage:
        apprenticeships = []
    items = []
    for table in coverage_matrix(apprenticeships):
        for row in table.rows:
            a = row.apprenticeship
            items.append(
                {
                    "apprenticeship_id": a.pk,
                    "apprentice": a.apprentice.full_name,
                    "consultant": a.consultant.full_name if a.consultant else None,
                    "standard": _standard(table.standard_version),
                    "secure": row.secure,
                    "working_towards": row.working_towards,
                    "total": row.total,
                    "ksbs": [{"code": c.ksb.code, "state": c.state} for c in row.cells],
                }
            )
    order = {a.pk: n for n, a in enumerate(apprenticeships)}
    items.sort(key=lambda item: order[item["apprenticeship_id"]])
    return {
        "count": paginator.count,
        "page": filters.page,
        "pages": paginator.num_pages,
        "items": items,
    }
