from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import PageNumberPagination, paginate

from trellis.api.schemas import ApprenticeshipOut, ErrorOut
from trellis.apprenticeships.access import apprenticeships_visible_to, get_apprenticeship_for_user
from trellis.apprenticeships.models import Apprenticeship

router = Router(tags=["apprenticeships"])


@router.get(
    "",
    response=list[ApprenticeshipOut],
    description="Paginated by page number (`page`, `page_size`); the response holds "
    "`items` and `count`, the number of apprenticeships across all pages.",
)
@paginate(PageNumberPagination)
def apprenticeship_list(
    request: HttpRequest, status: Query[Apprenticeship.Status | None] = None
) -> QuerySet[Apprenticeship]:
    """List the apprenticeships the token's owner may see, optionally with one status."""
    apprenticeships = apprenticeships_visible_to(request.auth)
    if status is not None:
        apprenticeships = apprenticeships.filter(status=status)
    # The primary key breaks ties, so that no row moves between pages.
    return apprenticeships.order_by("apprentice__full_name", "start_date", "pk")


@router.get("/{apprenticeship_id}", response={200: ApprenticeshipOut, 404: ErrorOut})
def apprenticeship_detail(request: HttpRequest, apprenticeship_id: int) -> Apprenticeship:
    """Return one apprenticeship the token's owner may see."""
    return get_apprenticeship_for_user(request.auth, apprenticeship_id)
