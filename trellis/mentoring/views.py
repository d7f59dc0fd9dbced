from django.shortcuts import render

from trellis.portfolio.access import get_apprenticeship_for_portfolio


def index(request, pk: int):
    apprenticeship = get_apprenticeship_for_portfolio(request.user, pk)
    return render(
        request,
        "mentoring/index.html",
        {"apprenticeship": apprenticeship, "record_tab": "portfolio", "portfolio_tab": "mentoring"},
    )
