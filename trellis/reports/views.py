from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from trellis.caseload import access as caseload_access
from trellis.caseload.selectors import consultant_choices, employer_choices
from trellis.reports import access, employer_selectors, epao_selectors, ilr, rules, selectors
from trellis.reports.forms import DashboardFilterForm
from trellis.tables import list_download, table_response

AT_RISK_PAGE_SIZE = 25
# Enough for most employers on one page; a large one pages through, those to sign first.
EMPLOYER_PAGE_SIZE = 25
AT_RISK_HEADINGS = (
    "Apprentice",
    "Employer",
    "Consultant",
    "Status",
    "Start date",
    "Planned end date",
    "Risks",
    "Reasons",
)


def _filters(request) -> tuple[DashboardFilterForm, selectors.DashboardQuery]:
    whole_provider = caseload_access.sees_whole_provider(request.user)
    form = DashboardFilterForm(
        request.GET or None,
        consultants=consultant_choices(request.user) if whole_provider else None,
        employers=employer_choices(request.user),
        cohorts=selectors.cohort_choices(request.user),
    )
    return form, form.dashboard_query()


def dashboard(request):
    access.require_dashboard(request.user)
    today = timezone.localdate()
    form, query = _filters(request)
    apprenticeships = selectors.dashboard_apprenticeships(request.user, query)
    risk_counts = selectors.risk_counts(apprenticeships, today)
    page = Paginator(selectors.at_risk(apprenticeships, today), AT_RISK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    cohorts = selectors.cohort_outcomes(apprenticeships)
    grades = rules.grades_in_order(g for cohort in cohorts for g in cohort.grades)
    stages = rules.bars(selectors.stage_counts(apprenticeships))
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "today": today,
            "stages": stages,
            "total": sum(bar.value for bar in stages),
            "risks": [
                {"code": code, "label": label, "count": risk_counts[code]}
                for code, label in selectors.RISKS.items()
            ],
            "at_risk_total": risk_counts["any"],
            "page": page,
            "at_risk_rows": selectors.at_risk_rows(page.object_list, today),
            "cohorts": cohorts,
            "cohort_rows": [(c, [c.grades.get(g, 0) for g in grades]) for c in cohorts],
            "grades": grades,
            "grade_bars": rules.bars(
                [(g.title(), sum(c.grades.get(g, 0) for c in cohorts)) for g in grades]
            ),
            "gateway_to_result": selectors.gateway_to_result(apprenticeships),
            "can_export_ilr": access.has_ilr_export(request.user),
        },
    )


def at_risk_export(request, fmt: str):
    access.require_dashboard(request.user)
    today = timezone.localdate()
    _, query = _filters(request)
    apprenticeships = selectors.at_risk(
        selectors.dashboard_apprenticeships(request.user, query), today
    )
    rows = map(_at_risk_line, selectors.at_risk_rows(list(apprenticeships), today))
    return list_download(fmt, "at-risk", AT_RISK_HEADINGS, rows)


def _at_risk_line(row: selectors.AtRiskRow) -> tuple:
    a = row.apprenticeship
    return (
        a.apprentice.full_name,
        a.employer.name,
        a.consultant.full_name if a.consultant else "",
        a.get_status_display(),
        a.start_date,
        a.planned_end_date,
        "; ".join(flag.label for flag in row.risks),
        " ".join(f"{flag.label}: {flag.reason}" for flag in row.risks),
    )


def employer(request):
    access.require_employer_page(request.user)
    today = timezone.localdate()
    apprenticeships = employer_selectors.employer_apprenticeships(request.user)
    page = Paginator(apprenticeships, EMPLOYER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/employer.html",
        {
            "today": today,
            "page": page,
            "apprentices": employer_selectors.employer_apprentices(list(page.object_list), today),
            "glance": employer_selectors.employer_glance(apprenticeships, today),
        },
    )


def epao(request):
    access.require_epao_dashboard(request.user)
    today = timezone.localdate()
    return render(
        request,
        "reports/epao.html",
        {
            "today": today,
            "dashboards": [
                epao_selectors.epao_dashboard(organisation, today)
                for organisation in epao_selectors.epaos_for(request.user)
            ],
            "booking_weeks": epao_selectors.BOOKING_WEEKS,
        },
    )


def ilr_export(request):
    access.require_ilr_export(request.user)
    _, query = _filters(request)
    apprenticeships = selectors.dashboard_apprenticeships(request.user, query)
    return table_response(
        "csv",
        f"ilr-{timezone.localdate().isoformat()}",
        ilr.HEADINGS,
        selectors.ilr_rows(apprenticeships),
    )
