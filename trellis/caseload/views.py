from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from trellis.caseload import access, selectors
from trellis.caseload.forms import CaseloadFilterForm

PAGE_SIZE = 25
# The columns a person can sort by clicking their heading, with the sort each one uses.
SORTABLE_COLUMNS = {"apprentice": "name", "elapsed": "start", "otj": "otj", "review": "review"}


def caseload(request):
    access.require_caseload(request.user)
    today = timezone.localdate()
    whole_provider = access.sees_whole_provider(request.user)
    show_employer = access.sees_several_employers(request.user)
    form = CaseloadFilterForm(
        request.GET,
        consultants=selectors.consultant_choices(request.user) if whole_provider else None,
        employers=selectors.employer_choices(request.user) if show_employer else None,
    )
    query = form.caseload_query()
    apprenticeships = selectors.caseload_apprenticeships(request.user, query, today)
    page = Paginator(apprenticeships, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.flag_counts(request.user, query, today)
    return render(
        request,
        "caseload/index.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "rows": selectors.caseload_rows(page.object_list, today),
            "today": today,
            "show_employer": show_employer,
            "show_consultant": whole_provider,
            "sort_links": _sort_links(query),
            "flag_links": [
                {"value": flag, "label": label, "count": counts[flag]}
                for flag, label in selectors.FLAG_FILTERS.items()
            ],
            "filtered": query.is_filtered,
        },
    )


def _sort_links(query: selectors.CaseloadQuery) -> dict[str, dict]:
    """Return, per sortable column, its aria-sort value and the order a click asks for."""
    links = {}
    for column, sort in SORTABLE_COLUMNS.items():
        current = query.sort == sort
        aria_sort = ("descending" if query.descending else "ascending") if current else None
        links[column] = {
            "sort": sort,
            "aria_sort": aria_sort,
            "order": "desc" if current and not query.descending else "asc",
        }
    return links
