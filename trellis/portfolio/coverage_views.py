from django.shortcuts import render

from trellis.portfolio.access import get_apprenticeship_for_portfolio
from trellis.portfolio.coverage import apprenticeship_coverage, coverage_by_kind, coverage_counts


def coverage(request, pk: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    rows = apprenticeship_coverage(apprenticeship)
    return render(
        request,
        "portfolio/coverage.html",
        {
            "apprenticeship": apprenticeship,
            "record_tab": "portfolio",
            "portfolio_tab": "coverage",
            "groups": coverage_by_kind(rows),
            "counts": coverage_counts(rows),
            "total": len(rows),
        },
    )
