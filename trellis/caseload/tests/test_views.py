from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.testing.caseload_factories import CaseloadSummaryFactory
from trellis.testing.factories import ApprenticeshipFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
URL = reverse("caseload:index")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


def names(response) -> list[str]:
    return [row.apprenticeship.apprentice.full_name for row in response.context["rows"]]


@pytest.fixture
def summaries(people):
    CaseloadSummaryFactory(apprenticeship=people.amara_apprenticeship)
    CaseloadSummaryFactory(apprenticeship=people.bea_apprenticeship)
    return people


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("carl", ["Amara Example"]),
        ("cora", ["Bea Example"]),
        ("erin", ["Amara Example"]),
        ("evan", ["Bea Example"]),
        ("pat", ["Amara Example", "Bea Example"]),
        ("quinn", ["Amara Example", "Bea Example"]),
        ("dina", ["Amara Example", "Bea Example"]),
        ("paula", []),
    ],
)
def test_each_role_sees_exactly_its_own_apprentices(client, summaries, name, expected):
    client.force_login(getattr(summaries, name))
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == expected
    for other in {"Amara Example", "Bea Example"} - set(expected):
        assert other not in response.text


@pytest.mark.parametrize("name", ["amara", "bea", "ada", "ian", "mo", "otto"])
def test_people_without_a_caseload_are_refused(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(URL).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, people):
    response = client.get(URL)
    assert response.status_code == 302


def test_another_consultant_sees_none_of_carls_apprentices_even_by_filtering(
    client, summaries, make_caseload
):
    make_caseload(3)
    client.force_login(summaries.cora)
    response = client.get(URL, {"consultant": summaries.carl.pk, "status": "all"})
    assert names(response) == ["Bea Example"]
    assert "consultant" not in response.context["form"].fields


def test_another_employer_sees_none_of_erins_apprentices_even_by_filtering(client, summaries):
    client.force_login(summaries.evan)
    response = client.get(URL, {"employer": summaries.employer.pk, "q": "Amara"})
    assert names(response) == []
    assert "Amara Example" not in response.text


def test_provider_staff_filter_by_consultant_and_employer(client, summaries):
    client.force_login(summaries.pat)
    by_consultant = client.get(URL, {"consultant": summaries.cora.pk})
    by_employer = client.get(URL, {"employer": summaries.employer.pk})
    assert names(by_consultant) == ["Bea Example"]
    assert names(by_employer) == ["Amara Example"]
    assert by_consultant.context["show_employer"]


def test_employer_contacts_see_no_employer_column_or_consultant_filter(client, summaries):
    client.force_login(summaries.erin)
    response = client.get(URL)
    assert not response.context["show_employer"]
    assert set(response.context["form"].fields) == {"q", "status", "flag", "sort", "order"}


def test_active_apprenticeships_by_default_and_others_by_status(client, summaries):
    Apprenticeship.objects.filter(pk=summaries.bea_apprenticeship.pk).update(
        status=Apprenticeship.Status.WITHDRAWN
    )
    client.force_login(summaries.pat)
    assert names(client.get(URL)) == ["Amara Example"]
    assert names(client.get(URL, {"status": "withdrawn"})) == ["Bea Example"]
    assert names(client.get(URL, {"status": "all"})) == ["Amara Example", "Bea Example"]
    assert names(client.get(URL, {"status": "nonsense"})) == ["Amara Example"]


def test_search_by_name(client, summaries):
    client.force_login(summaries.pat)
    assert names(client.get(URL, {"q": "bea"})) == ["Bea Example"]


@pytest.mark.parametrize(
    ("flag", "amara_summary", "amara_changes", "shows_amara"),
    [
        ("review_overdue", {"next_review_due": TODAY - timedelta(days=1)}, {}, True),
        ("review_overdue", {"next_review_due": TODAY}, {}, False),
        ("review_due_soon", {"next_review_due": TODAY}, {}, True),
        ("review_due_soon", {"next_review_due": TODAY + timedelta(days=14)}, {}, True),
        ("review_due_soon", {"next_review_due": TODAY + timedelta(days=15)}, {}, False),
        ("review_due_soon", {"next_review_due": TODAY - timedelta(days=1)}, {}, False),
        ("otj_behind", {"otj_on_track_until": TODAY - timedelta(days=1)}, {}, True),
        ("otj_behind", {"otj_on_track_until": TODAY}, {}, False),
        (
            "otj_behind",
            {"otj_on_track_until": TODAY - timedelta(days=1)},
            {"status": Apprenticeship.Status.GATEWAY},
            False,
        ),
        ("plan_not_agreed", {"plan_agreed": False}, {}, True),
        ("plan_not_agreed", {"plan_agreed": True}, {}, False),
        # Starts from 1 Aug 2025 must name the EPAO 6 months before the planned end.
        ("epao_needed", {}, {"epao": None, "planned_end_date": date(2027, 5, 22)}, True),
        ("epao_needed", {}, {"epao": None, "planned_end_date": date(2027, 5, 23)}, False),
        ("epao_needed", {}, {"planned_end_date": date(2027, 5, 22)}, False),
        ("on_break", {}, {"status": Apprenticeship.Status.BREAK_IN_LEARNING}, True),
    ],
)
def test_each_flag_filter_matches_exactly_the_rows_that_show_the_flag(
    client, summaries, flag, amara_summary, amara_changes, shows_amara
):
    summaries.amara_apprenticeship.summary.__dict__.update(amara_summary)
    summaries.amara_apprenticeship.summary.save()
    Apprenticeship.objects.filter(pk=summaries.amara_apprenticeship.pk).update(**amara_changes)
    client.force_login(summaries.carl)
    filtered = client.get(URL, {"flag": flag})
    assert ("Amara Example" in names(filtered)) is shows_amara
    everyone = client.get(URL)
    shown_flags = [flag.code for flag in everyone.context["rows"][0].flags]
    if flag != "review_due_soon":
        assert (flag in shown_flags) is shows_amara
    counts = {link["value"]: link["count"] for link in everyone.context["flag_links"]}
    assert counts[flag] == int(shows_amara)


def test_rows_show_elapsed_time_otj_expected_and_review_state(client, summaries):
    summary = summaries.amara_apprenticeship.summary
    summary.otj_actual_hours = 40
    summary.otj_on_track_until = date(2026, 4, 1)
    summary.next_review_due = date(2026, 11, 3)
    summary.save()
    client.force_login(summaries.carl)
    response = client.get(URL)
    row = response.context["rows"][0]
    assert (row.elapsed.months, row.elapsed.total_months) == (10, 18)
    # 322 of 546 days of 187 hours.
    assert row.otj_expected == Decimal("110.28")
    assert row.otj_behind
    assert (row.review.state, row.review.days) == ("overdue", 20)
    assert "10 of 18 months" in response.text
    assert "20 days overdue" in response.text
    assert "behind</strong>" in response.text


def test_a_break_pauses_the_expected_hours_and_the_review(client, summaries):
    apprenticeship = summaries.amara_apprenticeship
    StatusChange.objects.create(
        apprenticeship=apprenticeship,
        kind=StatusChange.Kind.BREAK_IN_LEARNING,
        effective_date=date(2026, 9, 1),
        expected_return_date=date(2027, 1, 4),
        recorded_by=summaries.pat,
    )
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(
        status=Apprenticeship.Status.BREAK_IN_LEARNING
    )
    summary = apprenticeship.summary
    summary.next_review_due = None
    summary.save()
    client.force_login(summaries.carl)
    response = client.get(URL)
    row = response.context["rows"][0]
    # Only the 239 days from the start to the break count.
    assert row.otj_expected == Decimal("81.86")
    assert row.review.state == "paused"
    assert "Paused (break)" in response.text
    assert "Since 1 Sep 2026; back 4 Jan 2027." in response.text


def test_an_apprenticeship_without_a_summary_is_still_listed(client, people):
    client.force_login(people.carl)
    response = client.get(URL)
    assert names(response) == ["Amara Example"]
    assert response.context["rows"][0].summary is None
    assert "Not worked out yet" in response.text


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        ("name", "asc", ["Amy", "Ben", "Cal"]),
        ("name", "desc", ["Cal", "Ben", "Amy"]),
        ("review", "asc", ["Ben", "Cal", "Amy"]),
        ("review", "desc", ["Cal", "Ben", "Amy"]),
        ("otj", "asc", ["Cal", "Amy", "Ben"]),
        ("end", "asc", ["Cal", "Amy", "Ben"]),
        ("start", "desc", ["Ben", "Amy", "Cal"]),
    ],
)
def test_sorting_puts_missing_dates_last(client, people, sort, order, expected):
    rows = {
        "Amy": {"review": None, "otj": date(2026, 9, 1), "start": date(2026, 1, 5)},
        "Ben": {"review": date(2026, 11, 1), "otj": None, "start": date(2026, 3, 2)},
        "Cal": {"review": date(2026, 12, 1), "otj": date(2026, 8, 1), "start": date(2025, 9, 1)},
    }
    for name, values in rows.items():
        apprenticeship = ApprenticeshipFactory(
            apprentice__full_name=name,
            consultant=people.cora,
            provider=people.provider,
            standard_version=people.amara_apprenticeship.standard_version,
            start_date=values["start"],
            planned_end_date=values["start"] + timedelta(days=600),
        )
        CaseloadSummaryFactory(
            apprenticeship=apprenticeship,
            next_review_due=values["review"],
            otj_on_track_until=values["otj"],
        )
    client.force_login(people.cora)
    response = client.get(URL, {"sort": sort, "order": order})
    got = [n for n in names(response) if n in rows]
    assert got == expected


def test_the_sorted_column_says_so_and_its_link_reverses_the_order(client, summaries):
    client.force_login(summaries.carl)
    response = client.get(URL, {"sort": "review", "q": "Amara"})
    assert response.context["sort_links"]["review"]["aria_sort"] == "ascending"
    assert 'aria-sort="ascending"' in response.text
    assert response.text.count("aria-sort=") == 1
    assert "?sort=review&amp;q=Amara&amp;order=desc" in response.text


def test_pages_of_25_whose_links_keep_the_filters_and_sort(client, people, make_caseload):
    make_caseload(60)
    client.force_login(people.carl)
    asked = {"sort": "review", "order": "desc", "flag": "otj_behind"}
    response = client.get(URL, asked)
    assert response.context["page"].paginator.count == 60
    assert len(response.context["rows"]) == 25
    assert "?sort=review&amp;order=desc&amp;flag=otj_behind&amp;page=2" in response.text
    last = client.get(URL, {**asked, "page": 3})
    assert len(last.context["rows"]) == 10


def test_the_page_makes_the_same_number_of_queries_for_5_and_500_apprentices(
    client, people, make_caseload
):
    counts = {}
    for total in (5, 500):
        Apprenticeship.objects.filter(apprentice__email__startswith="bulk").delete()
        make_caseload(total)
        for user in (people.carl, people.pat):
            client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(URL, {"flag": "review_overdue", "sort": "otj"})
            assert response.status_code == 200
            assert len(response.context["rows"]) == min(total, 25)
            counts[total, user.email] = len(queries)
    assert counts[5, people.carl.email] == counts[500, people.carl.email]
    assert counts[5, people.pat.email] == counts[500, people.pat.email]


def test_the_main_navigation_links_the_caseload_for_people_who_have_one(client, people):
    client.force_login(people.carl)
    assert 'href="/caseload/"' in client.get(reverse("home:index")).text
    client.force_login(people.amara)
    assert 'href="/caseload/"' not in client.get(reverse("home:index")).text


@pytest.mark.parametrize("name", ["carl", "erin"])
def test_consultant_and_employer_homes_link_the_caseload(client, people, name):
    client.force_login(getattr(people, name))
    response = client.get(reverse("home:index"))
    assert "Open your caseload" in response.text or "progress</a>" in response.text
