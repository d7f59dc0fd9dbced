from django.shortcuts import render
from django.utils import timezone

from trellis.portfolio.access import get_apprenticeship_for_portfolio
from trellis.portfolio.coverage import (
    apprenticeship_coverage,
    coverage_by_kind,
    coverage_counts,
    coverage_history_for,
)
from trellis.portfolio.coverage_history import coverage_chart


def coverage(request, pk: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    rows = apprenticeship_coverage(apprenticeship)
    history = coverage_history_for(
        apprenticeship, ksb_ids=[row.ksb.pk for row in rows], today=timezone.localdate()
    )
    chart = None
    if history and rows:
        chart = coverage_chart(
            history, total=len(rows), planned_end=apprenticeship.planned_end_date
        )
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
            "history": history,
            "history_chart": chart,
        },
    )
