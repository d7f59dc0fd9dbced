"""The caseload's KSB coverage matrix: the same apprentices as the caseload page, one row each,
one column per KSB of their standard version."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render

from trellis.caseload import access, selectors
from trellis.caseload.coverage_selectors import (
    STATE_SYMBOLS,
    coverage_matrix,
    matrix_apprenticeships,
)
from trellis.portfolio.models import KsbCoverage

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


def coverage(request):
    access.require_caseload(request.user)
    whole_provider = access.sees_whole_provider(request.user)
    form = CoverageFilterForm(
        request.GET,
        consultants=selectors.consultant_choices(request.user) if whole_provider else None,
    )
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
