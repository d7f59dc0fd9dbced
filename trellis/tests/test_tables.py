from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from trellis.tables import day, hours, list_download, spreadsheet_safe, table_response
from trellis.testing.tables import csv_rows, filename, xlsx_rows

HEADINGS = ("Name", "Day", "At", "Hours")


@pytest.mark.parametrize("text", ["=SUM(A1)", "+44 7700", "-1", "@cmd", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_is_kept_as_text(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Amara Example", "", 12, -3, date(2026, 1, 5), None])
def test_other_values_go_into_a_spreadsheet_unchanged(value):
    assert spreadsheet_safe(value) == value


def test_a_csv_starts_with_the_byte_order_mark_and_reads_back():
    response = table_response(
        "csv", "things", HEADINGS, [("Zoë Ünal", date(2026, 3, 2), None, Decimal("1.50"))]
    )
    assert filename(response) == "things.csv"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert csv_rows(response) == [list(HEADINGS), ["Zoë Ünal", "2026-03-02", "", "1.50"]]


def test_an_xlsx_holds_dates_times_and_numbers_as_such():
    response = table_response(
        "xlsx", "things", HEADINGS, [("=2+2", date(2026, 3, 2), time(9, 30), Decimal("1.5"))]
    )
    assert filename(response) == "things.xlsx"
    headings, row = xlsx_rows(response)
    assert headings == HEADINGS
    assert row == ("'=2+2", datetime(2026, 3, 2), time(9, 30), 1.5)


def test_a_moment_is_written_as_the_uk_clock_showed_it():
    summer = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    _, row = xlsx_rows(table_response("xlsx", "t", ["At"], [(summer,)]))
    assert row == (datetime(2026, 7, 2, 0, 30),)
    _, line = csv_rows(table_response("csv", "t", ["At"], [(summer,)]))
    assert line == ["2026-07-02 00:30:00"]


def test_control_characters_pasted_into_text_do_not_break_the_xlsx():
    _, row = xlsx_rows(table_response("xlsx", "t", ["Text"], [("bell\x07 and tab\tkept",)]))
    assert row == ("bell and tab\tkept",)


def test_a_list_download_is_named_for_what_whose_and_today(time_machine):
    time_machine.move_to(datetime(2026, 12, 7, 12, tzinfo=UTC), tick=False)
    assert filename(list_download("xlsx", "caseload", ["A"], [])) == "caseload-2026-12-07.xlsx"
    named = list_download("csv", "cpd-log", ["A"], [], of="Zoë O'Neill")
    assert filename(named) == "cpd-log-zoe-oneill-2026-12-07.csv"


def test_minutes_become_hours_to_the_hundredth():
    assert hours(100) == Decimal("1.67")
    assert hours(90) == Decimal("1.50")
    assert hours(None) is None


def test_a_moment_s_day_is_the_uk_day():
    assert day(datetime(2026, 7, 1, 23, 30, tzinfo=UTC)) == date(2026, 7, 2)
    assert day(None) is None


def test_only_csv_and_xlsx_are_downloads():
    assert reverse("caseload:export", args=["csv"]) == "/caseload/download.csv"
    assert reverse("caseload:export", args=["xlsx"]) == "/caseload/download.xlsx"
    with pytest.raises(NoReverseMatch):
        reverse("caseload:export", args=["pdf"])
