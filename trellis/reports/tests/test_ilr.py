import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.reports import ilr
from trellis.testing.caseload_factories import CaseloadSummaryFactory

START, END = date(2025, 1, 6), date(2026, 7, 6)


def _facts(status, **extra):
    values = {
        "reference": "TR000001",
        "apprentice": "Amara Example",
        "status": status,
        "standard_code": 403,
        "epao_id": "EPA0001",
        "start": START,
        "planned_end": END,
        "planned_otj_hours": Decimal("300"),
        "actual_otj_hours": Decimal("312.5"),
        "gateway_date": None,
        "withdrawn_on": None,
        "achieved_on": None,
    }
    return ilr.IlrFacts(**{**values, **extra})


def _row(status, **extra) -> dict:
    return dict(zip(ilr.HEADINGS, ilr.ilr_row(_facts(status, **extra)), strict=True))


def test_an_apprentice_in_learning_is_continuing_with_no_end_or_outcome():
    row = _row("on_programme")
    assert (row["ProgType"], row["StdCode"], row["EPAOrgID"]) == (25, 403, "EPA0001")
    assert (row["CompStatus"], row["LearnActEndDate"], row["Outcome"], row["AchDate"]) == (
        1,
        "",
        "",
        "",
    )
    assert row["OTJHoursAtGateway"] == ""


def test_a_break_in_learning_is_status_6():
    assert _row("break_in_learning")["CompStatus"] == 6


@pytest.mark.parametrize("status", ["gateway", "in_epa"])
def test_in_epa_learning_ended_at_the_gateway_and_the_outcome_is_not_yet_known(status):
    row = _row(status, gateway_date=date(2026, 7, 1))
    assert (row["CompStatus"], row["LearnActEndDate"], row["Outcome"]) == (2, date(2026, 7, 1), 8)
    assert row["OTJHoursAtGateway"] == Decimal("312.5")
    assert row["AchDate"] == ""


def test_an_achiever_has_outcome_1_and_the_end_of_the_epa_as_achievement_date():
    row = _row("completed", gateway_date=date(2026, 7, 1), achieved_on=date(2026, 8, 14))
    assert (row["CompStatus"], row["LearnActEndDate"], row["Outcome"], row["AchDate"]) == (
        2,
        date(2026, 7, 1),
        1,
        date(2026, 8, 14),
    )


def test_a_withdrawal_ends_on_the_last_day_of_learning_not_achieved():
    row = _row("withdrawn", withdrawn_on=date(2025, 11, 28))
    assert (row["CompStatus"], row["LearnActEndDate"], row["Outcome"]) == (3, date(2025, 11, 28), 3)


@pytest.mark.django_db
def test_the_ilr_csv_reads_back_for_provider_staff_only(client, people, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)
    amara = people.amara_apprenticeship
    amara.standard.lars_code = 403
    amara.standard.save()
    CaseloadSummaryFactory(apprenticeship=amara, otj_planned_hours=Decimal("320"))
    bea = people.bea_apprenticeship
    StatusChange.objects.create(
        apprenticeship=bea,
        kind=StatusChange.Kind.WITHDRAWAL,
        effective_date=date(2026, 10, 30),
        recorded_by=people.pat,
    )
    Apprenticeship.objects.filter(pk=bea.pk).update(status="withdrawn")
    url = reverse("reports:ilr_export")

    client.force_login(people.carl)
    assert client.get(url).status_code == 403
    client.force_login(people.pat)
    response = client.get(url)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row["Apprentice"]: row for row in rows}
    assert set(by_name) == {"Amara Example", "Bea Example"}
    assert by_name["Amara Example"]["StdCode"] == "403"
    assert by_name["Amara Example"]["PHours"] == "320.00"
    assert by_name["Amara Example"]["EPAOrgID"] == people.epao.epao_id
    assert (by_name["Bea Example"]["CompStatus"], by_name["Bea Example"]["LearnActEndDate"]) == (
        "3",
        "2026-10-30",
    )
