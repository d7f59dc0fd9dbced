from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship
from trellis.caseload.coverage_views import COVERAGE_HEADINGS
from trellis.caseload.tests.test_coverage_matrix import fill, other_version_apprenticeship
from trellis.caseload.views import CASELOAD_HEADINGS
from trellis.testing.caseload_factories import CaseloadSummaryFactory
from trellis.testing.portfolio_factories import evidence_in_state
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db


def caseload_url(fmt: str) -> str:
    return reverse("caseload:export", args=[fmt])


def coverage_url(fmt: str) -> str:
    return reverse("caseload:coverage_export", args=[fmt])


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


@pytest.fixture
def summaries(people):
    CaseloadSummaryFactory(
        apprenticeship=people.amara_apprenticeship,
        otj_actual_hours=Decimal("40"),
        otj_on_track_until=date(2026, 4, 1),
        next_review_due=date(2026, 11, 3),
        qualifications_outstanding=["English level 2"],
    )
    CaseloadSummaryFactory(apprenticeship=people.bea_apprenticeship)
    return people


def test_the_caseload_reads_back_from_csv_as_the_page_shows_it(client, summaries):
    client.force_login(summaries.carl)
    response = client.get(caseload_url("csv"))
    assert filename(response) == "caseload-2026-11-23.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == CASELOAD_HEADINGS
    [amara] = rows
    line = dict(zip(headings, amara, strict=True))
    assert line["Apprentice"] == "Amara Example"
    assert line["Consultant"] == "Carl Example"
    assert line["Employer"] == "Riverside College"
    assert line["Status"] == "On programme"
    assert (line["Start date"], line["Planned end date"]) == ("2026-01-05", "2027-07-05")
    assert (line["Months elapsed"], line["Months planned"]) == ("10", "18")
    assert line["Off-the-job hours confirmed"] == "40.00"
    # 322 of 546 days of 187 hours, as the page works it out.
    assert line["Off-the-job hours expected by today"] == "110.28"
    assert line["Off-the-job hours required"] == "187.00"
    assert line["Off-the-job behind"] == "Yes"
    assert (line["Next review due"], line["Next review"]) == ("2026-11-03", "20 days overdue")
    assert line["Qualifications outstanding"] == "English level 2"
    assert line["Flags"].split("; ")[:2] == ["Review overdue", "Off-the-job behind"]
    assert line["Reasons"].startswith("Review overdue: Due 3 Nov 2026, 20 days ago.")


def test_the_xlsx_holds_real_dates_and_numbers_and_formulas_as_text(client, summaries):
    summaries.amara.full_name = "=1+1"
    summaries.amara.save()
    client.force_login(summaries.carl)
    response = client.get(caseload_url("xlsx"))
    assert filename(response) == "caseload-2026-11-23.xlsx"
    headings, amara = xlsx_rows(response)
    line = dict(zip(headings, amara, strict=True))
    assert line["Apprentice"] == "'=1+1"
    assert line["Start date"] == datetime(2026, 1, 5)
    assert line["Next review due"] == datetime(2026, 11, 3)
    assert line["Off-the-job hours confirmed"] == 40
    assert line["Off-the-job hours expected by today"] == pytest.approx(110.28)
    assert line["Months elapsed"] == 10


def test_every_page_of_the_caseload_is_downloaded(client, summaries, make_caseload):
    make_caseload(30)
    client.force_login(summaries.carl)
    _headings, *rows = csv_rows(client.get(caseload_url("csv"), {"page": "2"}))
    assert len(rows) == 31


def test_the_page_s_filters_and_sort_narrow_and_order_the_download(client, summaries):
    CaseloadSummaryFactory(
        apprenticeship=Apprenticeship.objects.create(
            apprentice=summaries.otto,
            employer=summaries.employer,
            provider=summaries.provider,
            consultant=summaries.carl,
            standard=summaries.amara_apprenticeship.standard,
            standard_version=summaries.amara_apprenticeship.standard_version,
            start_date=date(2026, 3, 2),
            planned_end_date=date(2027, 9, 1),
        ),
        next_review_due=date(2026, 12, 20),
    )
    client.force_login(summaries.carl)
    names = [row[0] for row in csv_rows(client.get(caseload_url("csv")))[1:]]
    assert names == ["Amara Example", "Otto Example"]
    by_start = client.get(caseload_url("csv"), {"sort": "start", "order": "desc"})
    assert [row[0] for row in csv_rows(by_start)[1:]] == ["Otto Example", "Amara Example"]
    overdue = client.get(caseload_url("csv"), {"flag": "review_overdue"})
    assert [row[0] for row in csv_rows(overdue)[1:]] == ["Amara Example"]
    searched = client.get(caseload_url("xlsx"), {"q": "otto"})
    assert [row[0] for row in xlsx_rows(searched)[1:]] == ["Otto Example"]


@pytest.mark.parametrize(
    ("name", "asked", "expected"),
    [
        ("carl", {}, ["Amara Example"]),
        # A consultant cannot widen the download by naming another consultant.
        ("cora", {"consultant": "carl"}, ["Bea Example"]),
        ("erin", {}, ["Amara Example"]),
        ("evan", {"employer": "employer"}, ["Bea Example"]),
        ("pat", {"consultant": "cora"}, ["Bea Example"]),
        ("paula", {}, []),
    ],
)
def test_the_download_holds_only_the_person_s_own_caseload(
    client, summaries, name, asked, expected
):
    params = {key: getattr(summaries, value).pk for key, value in asked.items()}
    client.force_login(getattr(summaries, name))
    for fmt, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        rows = read(client.get(caseload_url(fmt), {"status": "all", **params}))
        assert [row[0] for row in rows[1:]] == expected, fmt


@pytest.mark.parametrize("name", ["amara", "bea", "ada", "ian", "otto"])
def test_people_without_a_caseload_cannot_download_one(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(caseload_url("csv")).status_code == 403
    assert client.get(coverage_url("xlsx")).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, people):
    assert client.get(caseload_url("csv")).status_code == 302


def test_a_download_in_another_format_is_not_found(client, people):
    client.force_login(people.carl)
    assert client.get("/caseload/download.pdf").status_code == 404
    assert client.get("/caseload/coverage/download.json").status_code == 404


@pytest.mark.parametrize("size", [5, 60])
def test_the_caseload_download_makes_a_fixed_number_of_queries(
    client, people, make_caseload, django_assert_num_queries, size
):
    make_caseload(size)
    client.force_login(people.pat)
    # Session, person, roles, the consultants and employers to filter by, the apprenticeships
    # and their breaks in learning.
    with django_assert_num_queries(7):
        response = client.get(caseload_url("xlsx"), {"sort": "otj", "flag": "otj_behind"})
    assert len(xlsx_rows(response)) == 1 + size


def test_the_caseload_page_links_both_downloads_with_its_filters(client, summaries):
    client.force_login(summaries.carl)
    response = client.get(reverse("caseload:index"), {"q": "Amara", "page": "1"})
    html = response.content.decode()
    assert f'href="{caseload_url("csv")}?q=Amara"' in html
    assert f'href="{caseload_url("xlsx")}?q=Amara"' in html
    assert "Download CSV" in html
    assert "Download Excel (XLSX)" in html
    # One page holds them all, so there is nothing to say about the others.
    assert "every page" not in html


def test_a_caseload_in_pages_says_the_download_holds_every_page(client, summaries, make_caseload):
    make_caseload(30)
    client.force_login(summaries.carl)
    html = client.get(reverse("caseload:index"), {"q": "bulk", "page": "2"}).text
    assert "All 30 matching the filters, every page:" in html
    assert f'href="{caseload_url("csv")}?q=bulk"' in html


def test_the_coverage_matrix_downloads_one_line_per_apprentice_and_ksb(client, people):
    evidence_in_state(
        people.amara_apprenticeship,
        status="assessed",
        judgements={"K1": "secure", "S1": "working_towards"},
    )
    other_version_apprenticeship(people)
    client.force_login(people.carl)
    response = client.get(coverage_url("csv"))
    assert filename(response) == "ksb-coverage-2026-11-23.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == COVERAGE_HEADINGS
    amara = [row for row in rows if row[0] == "Amara Example"]
    assert len(amara) == 27
    by_code = {row[3]: row for row in amara}
    assert by_code["K1"][1:3] == ["Carl Example", str(people.amara_apprenticeship.standard_version)]
    assert (by_code["K1"][5], by_code["S1"][5], by_code["B5"][5]) == (
        "Secure",
        "Working towards",
        "No evidence",
    )
    assert by_code["K1"][4]
    # Another standard's KSBs are its own, under their own codes.
    zed = [(row[3], row[4], row[5]) for row in rows if row[0] == "Zed Other"]
    assert zed == [
        ("K1", "Statement K1", "No evidence"),
        ("S1", "Statement S1", "No evidence"),
        ("S2", "Statement S2", "Secure"),
    ]


def test_the_coverage_download_keeps_the_filters_and_the_caseload(client, people):
    other_version_apprenticeship(people)
    client.force_login(people.carl)
    rows = xlsx_rows(client.get(coverage_url("xlsx"), {"q": "zed"}))
    assert {row[0] for row in rows[1:]} == {"Zed Other"}
    client.force_login(people.cora)
    rows = xlsx_rows(client.get(coverage_url("xlsx"), {"consultant": people.carl.pk}))
    assert {row[0] for row in rows[1:]} == {"Bea Example"}
    client.force_login(people.evan)
    rows = csv_rows(client.get(coverage_url("csv")))
    assert {row[0] for row in rows[1:]} == {"Bea Example"}


@pytest.mark.parametrize("size", [3, 60])
def test_the_coverage_download_makes_a_fixed_number_of_queries(
    client, people, make_caseload, django_assert_num_queries, size
):
    fill(make_caseload(size))
    other_version_apprenticeship(people)
    client.force_login(people.carl)
    # Session, person, roles, the apprenticeships, their KSBs and coverage.
    with django_assert_num_queries(6):
        response = client.get(coverage_url("csv"))
    assert len({row[0] for row in csv_rows(response)[1:]}) == size + 2
