from datetime import UTC, datetime

import pytest
from django.urls import reverse

from trellis.iqa.services import iqa_agree, iqa_refer, iqa_respond
from trellis.iqa.tests.test_views import carls, drawn
from trellis.iqa.views import COVERAGE_HEADINGS, SAMPLE_HEADINGS
from trellis.testing.factories import ApprenticeshipFactory, MembershipFactory
from trellis.testing.portfolio_factories import evidence_in_state
from trellis.testing.tables import csv_rows, filename, xlsx_rows

pytestmark = pytest.mark.django_db


def url(fmt: str) -> str:
    return reverse("iqa:samples_export", args=[fmt])


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 6, 15, 23, 30, tzinfo=UTC), tick=False)


@pytest.fixture
def samples(people, decisions):
    drawn_samples = drawn(people)
    referred, agreed = carls(drawn_samples, people)[:2]
    iqa_refer(sample=referred, reviewed_by=people.quinn, reason="=K1 is not shown.")
    iqa_agree(sample=agreed, reviewed_by=people.quinn)
    iqa_respond(sample=referred, responded_by=people.carl, response="I will correct it.")
    return people


def test_every_sample_reads_back_from_csv_with_its_verdict(client, samples):
    client.force_login(samples.quinn)
    response = client.get(url("csv"))
    # Drawn at 00:30 in the UK on 16 June: a day as the pages print it.
    assert filename(response) == "iqa-samples-2026-06-16.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == SAMPLE_HEADINGS
    assert len(rows) == 5
    lines = [dict(zip(headings, row, strict=True)) for row in rows]
    assert {line["Consultant"] for line in lines} == {"Carl Example", "Cora Example"}
    assert {line["Apprentice"] for line in lines} == {"Amara Example", "Bea Example"}
    assert all(line["Sampled"] == "2026-06-16" for line in lines)
    assert all(line["How drawn"] == "At random" for line in lines)
    # The dashboard's lists in its order: those awaiting review, then the reviewed.
    verdicts = [line["Verdict"] for line in lines]
    assert verdicts[:3] == ["Awaiting review"] * 3
    assert set(verdicts[3:]) == {"Agreed", "Referred back"}
    [referred] = [line for line in lines if line["Verdict"] == "Referred back"]
    assert referred["Reason referred back"] == "'=K1 is not shown."
    assert (referred["Verdict given"], referred["Responded"]) == ("2026-06-16", "2026-06-16")
    assert referred["Decision"] in {"Assessed", "Returned with feedback"}


def test_the_xlsx_holds_real_dates(client, samples):
    client.force_login(samples.quinn)
    headings, *rows = xlsx_rows(client.get(url("xlsx")))
    assert headings == SAMPLE_HEADINGS
    assert {row[5] for row in rows} == {datetime(2026, 6, 16)}


def test_every_sample_is_in_the_download_not_only_the_latest_ten(client, people):
    for _ in range(12):
        evidence_in_state(people.amara_apprenticeship, status="assessed")
    for sample in drawn(people):
        iqa_agree(sample=sample, reviewed_by=people.quinn)
    client.force_login(people.quinn)
    assert len(client.get(reverse("iqa:index")).context["recently_reviewed"]) == 10
    assert len(csv_rows(client.get(url("csv")))) == 1 + 12


def test_the_provider_admin_who_reads_only_the_report_is_refused(client, samples):
    client.force_login(samples.pat)
    assert client.get(url("csv")).status_code == 403


@pytest.mark.parametrize("name", ["carl", "amara", "erin", "dina", "ada", "otto"])
def test_people_without_quality_assurance_are_told_nothing_is_there(client, samples, name):
    client.force_login(getattr(samples, name))
    assert client.get(url("csv")).status_code == 404
    assert client.get(url("xlsx")).status_code == 404


def test_another_provider_s_quality_lead_downloads_only_her_own_samples(client, samples):
    MembershipFactory(user=samples.paula, organisation=samples.other_provider, role="quality_lead")
    client.force_login(samples.paula)
    assert csv_rows(client.get(url("csv")))[1:] == []


@pytest.mark.parametrize("extra", [0, 8])
def test_the_download_makes_a_fixed_number_of_queries(
    client, people, decisions, django_assert_num_queries, extra
):
    for _ in range(extra):
        evidence_in_state(people.amara_apprenticeship, status="assessed")
    drawn(people)
    client.force_login(people.quinn)
    # Session, person, roles, the provider and the three lists of samples with all they show.
    with django_assert_num_queries(7):
        response = client.get(url("csv"))
    assert len(csv_rows(response)) == 1 + 5 + extra


def test_the_dashboard_links_both_downloads_for_the_quality_lead_only(client, samples):
    client.force_login(samples.quinn)
    html = client.get(reverse("iqa:index")).text
    assert f'href="{url("csv")}"' in html
    assert f'href="{url("xlsx")}"' in html
    client.force_login(samples.pat)
    assert url("csv") not in client.get(reverse("iqa:index")).text


# --- The coverage report ------------------------------------------------------------------------


def coverage_url(fmt: str) -> str:
    return reverse("iqa:coverage_export", args=[fmt])


def test_the_coverage_report_reads_back_from_csv_a_line_per_consultant(client, samples):
    client.force_login(samples.pat)
    response = client.get(coverage_url("csv"))
    assert filename(response) == "iqa-coverage-2026-06-16.csv"
    headings, *rows = csv_rows(response)
    assert tuple(headings) == COVERAGE_HEADINGS
    # The last 90 days to today, as on the page.
    period = ["2026-03-18", "2026-06-16"]
    assert rows == [
        ["Carl Example", "3", "3", "100", "1", "1", "1", "0", *period],
        ["Cora Example", "2", "2", "100", "0", "0", "2", "0", *period],
        ["All consultants", "5", "5", "100", "1", "1", "3", "0", *period],
    ]


def test_the_coverage_xlsx_holds_numbers_and_the_period_asked_for_as_dates(client, samples):
    client.force_login(samples.quinn)
    response = client.get(coverage_url("xlsx"), {"from": "2026-01-01", "to": "2026-01-31"})
    headings, carl, cora, total = xlsx_rows(response)
    assert headings == COVERAGE_HEADINGS
    assert carl[:4] == ("Carl Example", 0, 0, None)
    assert carl[8:] == (datetime(2026, 1, 1), datetime(2026, 1, 31))
    assert cora[:2] == ("Cora Example", 0)
    assert total[:4] == ("All consultants", 0, 0, None)
    headings, carl, *_ = xlsx_rows(client.get(coverage_url("xlsx")))
    assert carl[:4] == ("Carl Example", 3, 3, 100)


def _more_consultants(people, count: int) -> None:
    """Add `count` consultants of the provider, each with an apprentice and a decision."""
    for _ in range(count):
        consultant = MembershipFactory(organisation=people.provider, role="consultant").user
        apprenticeship = ApprenticeshipFactory(
            provider=people.provider,
            employer=people.employer,
            consultant=consultant,
            standard_version=people.amara_apprenticeship.standard_version,
        )
        evidence_in_state(apprenticeship, status="assessed")


@pytest.mark.parametrize("count", [2, 30])
def test_the_coverage_download_makes_a_fixed_number_of_queries(
    client, people, decisions, django_assert_num_queries, count
):
    _more_consultants(people, count)
    drawn(people)
    client.force_login(people.pat)
    # Session, person, roles, the provider, the decisions in the period, their samples and
    # the provider's consultants.
    with django_assert_num_queries(7):
        response = client.get(coverage_url("csv"))
    _, *rows, total = csv_rows(response)
    # Carl and Cora, then those added, each with their decision sampled; then the total.
    assert len(rows) == 2 + count
    assert total[:3] == ["All consultants", str(5 + count), str(5 + count)]


@pytest.mark.parametrize("name", ["amara", "erin", "dina", "ada", "otto"])
def test_whoever_may_not_read_the_report_may_not_download_it(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(reverse("iqa:index")).status_code == 404
    assert client.get(coverage_url("csv")).status_code == 404
    assert client.get(coverage_url("xlsx")).status_code == 404


def test_a_consultant_sent_on_to_their_referrals_downloads_no_report(client, people):
    client.force_login(people.carl)
    assert client.get(reverse("iqa:index")).url == reverse("iqa:referrals")
    assert client.get(coverage_url("csv")).status_code == 404


def test_another_provider_s_admin_downloads_only_her_own_coverage(client, samples):
    client.force_login(samples.paula)
    rows = csv_rows(client.get(coverage_url("csv")))[1:]
    assert [row[:4] for row in rows] == [["All consultants", "0", "0", ""]]
    assert coverage_url("csv") not in client.get(reverse("iqa:index")).text


def test_the_dashboard_links_the_coverage_in_both_formats_and_no_other(client, samples):
    client.force_login(samples.pat)
    html = client.get(reverse("iqa:index"), {"from": "2026-06-01"}).text
    assert f'href="{coverage_url("csv")}?from=2026-06-01"' in html
    assert f'href="{coverage_url("xlsx")}?from=2026-06-01"' in html
    assert client.get("/quality/coverage.pdf").status_code == 404
