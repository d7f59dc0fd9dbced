from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.utils import timezone

from trellis.caseload import access, rules, selectors
from trellis.caseload.forms import CaseloadFilterForm
from trellis.tables import list_download

PAGE_SIZE = 25
# The columns a person can sort by clicking their heading, with the sort each one uses.
SORTABLE_COLUMNS = {"apprentice": "name", "elapsed": "start", "otj": "otj", "review": "review"}


CASELOAD_HEADINGS = (
    "Apprentice",
    "Consultant",
    "Employer",
    "Status",
    "Start date",
    "Planned end date",
    "Months elapsed",
    "Months planned",
    "Time elapsed (%)",
    "Off-the-job hours confirmed",
    "Off-the-job hours expected by today",
    "Off-the-job hours required",
    "Off-the-job behind",
    "Next review due",
    "Next review",
    "Qualifications outstanding",
    "Flags",
    "Reasons",
)


def _filter_form(request, *, whole_provider: bool, show_employer: bool) -> CaseloadFilterForm:
    return CaseloadFilterForm(
        request.GET,
        consultants=selectors.consultant_choices(request.user) if whole_provider else None,
        employers=selectors.employer_choices(request.user) if show_employer else None,
    )


def caseload(request):
    access.require_caseload(request.user)
    today = timezone.localdate()
    whole_provider = access.sees_whole_provider(request.user)
    show_employer = access.sees_several_employers(request.user)
    form = _filter_form(request, whole_provider=whole_provider, show_employer=show_employer)
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


def caseload_export(request, fmt: str):
    access.require_caseload(request.user)
    today = timezone.localdate()
    form = _filter_form(
        request,
        whole_provider=access.sees_whole_provider(request.user),
        show_employer=access.sees_several_employers(request.user),
    )
    apprenticeships = selectors.caseload_apprenticeships(request.user, form.caseload_query(), today)
    rows = selectors.caseload_rows(list(apprenticeships), today)
    return list_download(fmt, "caseload", CASELOAD_HEADINGS, map(_caseload_line, rows))


def _caseload_line(row: selectors.CaseloadRow) -> tuple:
    a, summary = row.apprenticeship, row.summary
    return (
        a.apprentice.full_name,
        a.consultant.full_name if a.consultant else "No consultant",
        a.employer.name,
        a.get_status_display(),
        a.start_date,
        a.planned_end_date,
        row.elapsed.months,
        row.elapsed.total_months,
        row.elapsed.percent,
        summary.otj_actual_hours if summary else None,
        row.otj_expected,
        summary.otj_required_hours if summary else None,
        "Yes" if row.otj_behind else "No",
        row.review.due,
        _review_words(row.review),
        _qualifications_words(summary),
        "; ".join(flag.label for flag in row.flags),
        " ".join(f"{flag.label}: {flag.reason}" for flag in row.flags),
    )


def _review_words(review: rules.ReviewDue) -> str:
    """Say how urgent the next review is as the page's tag does; a later date needs no words."""
    days = f"{review.days} day{pluralize(review.days)}"
    return {
        "overdue": f"{days} overdue",
        "soon": "Due today" if review.days == 0 else f"In {days}",
        "paused": "Paused (break)",
    }.get(review.state, "")


def _qualifications_words(summary) -> str:
    if summary is None:
        return ""
    return ", ".join(summary.qualifications_outstanding) or "None"


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
