"""The caseload's KSB coverage matrix: the same apprentices as the caseload page, one row each,
one column per KSB of their standard version."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render

from trellis.caseload import access, selectors
from trellis.caseload.coverage_selectors import (
    STATE_SYMBOLS,
    MatrixCell,
    MatrixRow,
    coverage_matrix,
    matrix_apprenticeships,
)
from trellis.portfolio.models import KsbCoverage
from trellis.tables import list_download

PAGE_SIZE = 50


class CoverageFilterForm(forms.Form):
    q = forms.CharField(label="Apprentice's name", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[(value, label) for value, (label, _) in selectors.STATUS_FILTERS.items()],
    )
    consultant = forms.TypedChoiceField(label="Consultant", required=False, coerce=int)

    def __init__(self, data, *, consultants=None):
        super().__init__(data)
        if consultants is None:
            del self.fields["consultant"]
        else:
            self.fields["consultant"].choices = [("", "All consultants"), *consultants]

    def caseload_query(self) -> selectors.CaseloadQuery:
        """Return what was asked for; a value that does not fit falls back to the default."""
        self.is_valid()
        values = self.cleaned_data
        return selectors.CaseloadQuery(
            status=values.get("status") or selectors.DEFAULT_STATUS,
            consultant_id=values.get("consultant") or None,
            search=(values.get("q") or "").strip(),
        )


def _filter_form(request, *, whole_provider: bool) -> CoverageFilterForm:
    return CoverageFilterForm(
        request.GET,
        consultants=selectors.consultant_choices(request.user) if whole_provider else None,
    )


def coverage(request):
    access.require_caseload(request.user)
    whole_provider = access.sees_whole_provider(request.user)
    form = _filter_form(request, whole_provider=whole_provider)
    query = form.caseload_query()
    apprenticeships = matrix_apprenticeships(request.user, query)
    page = Paginator(apprenticeships, PAGE_SIZE).get_page(request.GET.get("page"))
    tables = coverage_matrix(page.object_list)
    return render(
        request,
        "caseload/coverage.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "tables": tables,
            "show_consultant": whole_provider,
            "filtered": query.is_filtered or query.status != selectors.DEFAULT_STATUS,
            "legend": [
                (state, STATE_SYMBOLS[state], KsbCoverage.State(state).label)
                for state in (
                    KsbCoverage.State.SECURE,
                    KsbCoverage.State.WORKING_TOWARDS,
                    KsbCoverage.State.NONE,
                )
            ],
        },
    )


# One line per apprentice and KSB: apprentices on different versions of a standard have
# different KSBs, so a column per KSB code would put unlike statements under one heading.
COVERAGE_HEADINGS = ("Apprentice", "Consultant", "Standard", "KSB", "Statement", "Coverage")


def coverage_export(request, fmt: str):
    access.require_caseload(request.user)
    form = _filter_form(request, whole_provider=access.sees_whole_provider(request.user))
    tables = coverage_matrix(list(matrix_apprenticeships(request.user, form.caseload_query())))
    lines = (
        _coverage_line(row, cell) for table in tables for row in table.rows for cell in row.cells
    )
    return list_download(fmt, "ksb-coverage", COVERAGE_HEADINGS, lines)


def _coverage_line(row: MatrixRow, cell: MatrixCell) -> tuple:
    a = row.apprenticeship
    return (
        a.apprentice.full_name,
        a.consultant.full_name if a.consultant else "No consultant",
        str(a.standard_version),
        cell.ksb.code,
        cell.ksb.statement,
        cell.label,
    )
