import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking
from trellis.epa.models import Assessment
from trellis.gateway.models import GatewayAttempt
from trellis.testing.caseload_factories import CaseloadSummaryFactory, bulk_caseload
from trellis.testing.factories import ApprenticeshipFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
URL = reverse("reports:dashboard")
Status = Apprenticeship.Status


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


def _apprenticeship(people, name, **fields):
    values = {
        "provider": people.provider,
        "employer": people.employer,
        "consultant": people.carl,
        "epao": people.epao,
        "standard_version": people.amara_apprenticeship.standard_version,
        "apprentice__full_name": name,
    }
    values.update(fields)
    return ApprenticeshipFactory(**values)


def _result(apprenticeship, grade, *, accepted_on, confirmed_on):
    """Record a confirmed EPA result on the day given, after a gateway accepted on its day;
    a second result is a resit on the same booking."""
    accepted_at = datetime.combine(accepted_on, datetime.min.time(), tzinfo=UTC)
    booking = Booking.objects.filter(apprenticeship=apprenticeship).first()
    if booking is None:
        attempt = GatewayAttempt.objects.create(
            apprenticeship=apprenticeship,
            number=1,
            status=GatewayAttempt.Status.ACCEPTED,
            started_at=accepted_at,
            decided_at=accepted_at,
            epao=apprenticeship.epao,
        )
        booking = Booking.objects.create(
            apprenticeship=apprenticeship,
            attempt=attempt,
            epao=apprenticeship.epao,
            created_at=accepted_at,
        )
    Assessment.objects.create(
        booking=booking,
        apprenticeship=apprenticeship,
        number=booking.assessments.count() + 1,
        status=Assessment.Status.FINAL,
        created_at=accepted_at,
        created_by=apprenticeship.consultant,
        confirmed_at=datetime.combine(confirmed_on, datetime.min.time(), tzinfo=UTC),
        final_result={"grade": grade},
    )


@pytest.fixture
def caseload(people):
    """Known apprentices, each with one reason to be at risk or none."""
    amara = people.amara_apprenticeship
    CaseloadSummaryFactory(
        apprenticeship=amara,
        otj_on_track_until=date(2026, 10, 1),
        next_review_due=date(2026, 11, 1),
    )
    CaseloadSummaryFactory(
        apprenticeship=people.bea_apprenticeship,
        coverage_on_track_until=date(2026, 11, 1),
        ksbs_secure=3,
        ksbs_total=35,
    )
    quals = _apprenticeship(people, "Quentin Quals", planned_end_date=date(2027, 3, 1))
    CaseloadSummaryFactory(apprenticeship=quals, qualifications_outstanding=["English level 2"])
    no_epao = _apprenticeship(
        people, "Nia Noepao", epao=None, planned_end_date=date(2027, 4, 1), consultant=people.cora
    )
    CaseloadSummaryFactory(apprenticeship=no_epao)
    fine = _apprenticeship(people, "Fay Fine", start_date=date(2026, 3, 2))
    CaseloadSummaryFactory(apprenticeship=fine, next_review_due=date(2026, 12, 1))
    # Finished: a past pace or review no longer puts anyone at risk.
    done = _apprenticeship(
        people,
        "Dan Done",
        status=Status.COMPLETED,
        start_date=date(2025, 1, 6),
        planned_end_date=date(2026, 7, 6),
    )
    CaseloadSummaryFactory(apprenticeship=done, otj_on_track_until=date(2026, 1, 1))
    _result(done, "distinction", accepted_on=date(2026, 7, 10), confirmed_on=date(2026, 8, 9))
    passed = _apprenticeship(
        people,
        "Pia Passed",
        status=Status.COMPLETED,
        start_date=date(2025, 2, 3),
        planned_end_date=date(2026, 8, 3),
        employer=people.other_employer,
    )
    _result(passed, "fail", accepted_on=date(2026, 8, 1), confirmed_on=date(2026, 8, 21))
    _result(passed, "pass", accepted_on=date(2026, 8, 1), confirmed_on=date(2026, 9, 30))
    _apprenticeship(
        people,
        "Walt Withdrawn",
        status=Status.WITHDRAWN,
        start_date=date(2025, 3, 3),
        planned_end_date=date(2026, 9, 3),
    )
    # Past gateway the hours and reviews no longer put anyone at risk; a missing EPAO does.
    gus = _apprenticeship(people, "Gus Gateway", status=Status.GATEWAY)
    CaseloadSummaryFactory(apprenticeship=gus, otj_on_track_until=date(2026, 10, 1))
    _apprenticeship(
        people, "Gina Gateway", status=Status.GATEWAY, epao=None, planned_end_date=date(2027, 1, 4)
    )
    # Another provider's apprentice is never counted.
    _apprenticeship(
        people,
        "Olga Other",
        provider=people.other_provider,
        consultant=None,
        status=Status.WITHDRAWN,
    )
    return people


def _get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_apprentices_are_counted_by_stage(client, caseload):
    stages = {bar.label: bar.value for bar in _get(client, caseload.pat).context["stages"]}
    assert stages == {
        Status.ON_PROGRAMME.label: 5,
        Status.BREAK_IN_LEARNING.label: 0,
        Status.GATEWAY.label: 2,
        Status.IN_EPA.label: 0,
        Status.COMPLETED.label: 2,
        Status.WITHDRAWN.label: 1,
    }


def test_each_risk_is_counted_and_each_apprentice_listed_with_its_reasons(client, caseload):
    response = _get(client, caseload.pat)
    counts = {risk["code"]: risk["count"] for risk in response.context["risks"]}
    assert counts == {
        "otj_behind": 1,
        "review_overdue": 1,
        "coverage_behind": 1,
        "qualifications_due": 1,
        "epao_needed": 2,
    }
    assert response.context["at_risk_total"] == 5
    listed = {
        row.apprenticeship.apprentice.full_name: [flag.code for flag in row.risks]
        for row in response.context["at_risk_rows"]
    }
    assert listed == {
        "Amara Example": ["review_overdue", "otj_behind"],
        "Bea Example": ["coverage_behind"],
        "Quentin Quals": ["qualifications_due"],
        "Nia Noepao": ["epao_needed"],
        "Gina Gateway": ["epao_needed"],
    }
    page = response.content.decode()
    assert "3 of 35 KSBs secure" in page
    assert "English level 2; ends 1 Mar 2027." in page


def test_the_filters_narrow_every_figure(client, caseload):
    by_cora = _get(client, caseload.pat, consultant=caseload.cora.pk)
    assert [r.apprenticeship.apprentice.full_name for r in by_cora.context["at_risk_rows"]] == [
        "Bea Example",
        "Nia Noepao",
    ]
    by_employer = _get(client, caseload.pat, employer=caseload.other_employer.pk)
    assert by_employer.context["total"] == 2  # Bea and Pia
    cohort_2025 = _get(client, caseload.pat, cohort=2025)
    assert cohort_2025.context["total"] == 3
    assert [c.year for c in cohort_2025.context["cohorts"]] == [2025]


def test_a_filter_that_does_not_fit_is_left_out_and_said_so(client, caseload):
    response = _get(client, caseload.pat, cohort="last year", employer=caseload.other_employer.pk)
    assert response.context["total"] == 2
    assert "Some filters were left out" in response.content.decode()


def test_cohorts_show_achievement_and_the_latest_confirmed_grades(client, caseload):
    response = _get(client, caseload.pat)
    cohorts = {c.year: c for c in response.context["cohorts"]}
    assert sorted(cohorts) == [2025, 2026]
    old = cohorts[2025]
    assert (old.started, old.completed, old.withdrawn, old.in_learning) == (3, 2, 1, 0)
    assert old.achievement_percent == 67
    # Pia failed then passed: only the latest confirmed result counts.
    assert old.grades == {"distinction": 1, "pass": 1}
    assert cohorts[2026].achievement_percent is None
    assert response.context["grades"] == ["pass", "distinction"]


def test_time_from_gateway_to_result_counts_each_apprentice_once(client, caseload):
    durations = _get(client, caseload.pat).context["gateway_to_result"]
    # Dan: 30 days; Pia: 60 days to the result that stands.
    assert (durations.count, durations.median_days, durations.shortest, durations.longest) == (
        2,
        45,
        30,
        60,
    )


def test_a_consultant_sees_only_their_own_caseload(client, caseload):
    response = _get(client, caseload.cora)
    assert response.context["total"] == 2
    assert "consultant" not in response.context["form"].fields


@pytest.mark.parametrize("name", ["erin", "amara", "ian", "otto"])
def test_people_outside_the_provider_staff_cannot_see_the_dashboard(client, caseload, name):
    client.force_login(getattr(caseload, name))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("reports:at_risk_export", args=["csv"])).status_code == 403


def test_the_at_risk_list_reads_back_from_csv_with_the_filters_applied(client, caseload):
    client.force_login(caseload.pat)
    response = client.get(
        reverse("reports:at_risk_export", args=["csv"]), {"consultant": caseload.carl.pk}
    )
    assert response["Content-Disposition"] == 'attachment; filename="at-risk-2026-11-23.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Apprentice", "Employer", "Consultant"]
    assert [row[0] for row in rows[1:]] == ["Amara Example", "Gina Gateway", "Quentin Quals"]
    assert rows[1][6] == "Review overdue; Off-the-job behind"
    assert rows[1][7].startswith("Review overdue: Due 1 Nov 2026, 22 days ago.")


def test_the_at_risk_list_reads_back_from_xlsx(client, caseload):
    caseload.amara.full_name = '=HYPERLINK("x")'
    caseload.amara.save()
    client.force_login(caseload.pat)
    response = client.get(reverse("reports:at_risk_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Apprentice"
    assert len(values) == 6
    names = [row[0] for row in values[1:]]
    # A name a spreadsheet would run as a formula comes out as text.
    assert '\'=HYPERLINK("x")' in names
    assert "Nia Noepao" in names


def test_an_export_in_another_format_is_not_found(client, caseload):
    client.force_login(caseload.pat)
    assert client.get("/reports/at-risk.pdf").status_code == 404


def test_the_dashboard_makes_the_same_number_of_queries_for_more_apprentices(client, people):
    def queries() -> int:
        client.force_login(people.pat)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    bulk_caseload(people, 10)
    few = queries()
    bulk_caseload(people, 200)
    assert queries() == few
