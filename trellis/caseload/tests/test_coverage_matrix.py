import uuid
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from trellis.portfolio.models import KsbCoverage
from trellis.standards.models import KSB
from trellis.testing.factories import ApprenticeshipFactory, StandardVersionFactory
from trellis.testing.portfolio_factories import evidence_in_state

pytestmark = pytest.mark.django_db
URL = reverse("caseload:coverage")
# Session, person, roles, unread notices, the count, the page of apprenticeships, their KSBs
# and coverage.
QUERIES = 8


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


def other_version_apprenticeship(people, name="Zed Other"):
    """An apprentice of Carl's on another standard, with KSBs of its own."""
    version = StandardVersionFactory()
    KSB.objects.bulk_create(
        KSB(
            standard_version=version,
            guid=uuid.uuid4(),
            code=code,
            kind=kind,
            statement=f"Statement {code}",
            position=n,
        )
        for n, (code, kind) in enumerate([("K1", "knowledge"), ("S1", "skill"), ("S2", "skill")])
    )
    apprenticeship = ApprenticeshipFactory(
        apprentice__full_name=name,
        provider=people.provider,
        employer=people.employer,
        consultant=people.carl,
        standard_version=version,
    )
    KsbCoverage.objects.create(
        apprenticeship=apprenticeship,
        ksb=version.ksbs.get(code="S2"),
        state="secure",
        accepted_items=1,
    )
    return apprenticeship


def fill(apprenticeships, codes=("K1", "S1", "B2")):
    """Give each apprenticeship on the Learning mentor standard some stored coverage."""
    rows = []
    for n, apprenticeship in enumerate(apprenticeships):
        for ksb in KSB.objects.filter(
            standard_version_id=apprenticeship.standard_version_id, code__in=codes
        ):
            state = "secure" if n % 2 else "working_towards"
            rows.append(
                KsbCoverage(apprenticeship=apprenticeship, ksb=ksb, state=state, accepted_items=1)
            )
    KsbCoverage.objects.bulk_create(rows)


def test_the_matrix_shows_each_ksb_of_each_apprentice(client, people):
    evidence_in_state(
        people.amara_apprenticeship,
        status="assessed",
        judgements={"K1": "secure", "S1": "working_towards"},
    )
    client.force_login(people.carl)
    response = client.get(URL)
    assert response.status_code == 200
    [table] = response.context["tables"]
    [row] = table.rows
    assert row.apprenticeship == people.amara_apprenticeship
    assert len(table.ksbs) == 27
    states = {cell.ksb.code: cell.state for cell in row.cells}
    assert states["K1"] == "secure"
    assert states["S1"] == "working_towards"
    assert states["B5"] == "none"
    assert (row.secure, row.working_towards, row.total) == (1, 1, 27)
    html = response.content.decode()
    # Colour never alone: a symbol, and the word for screen readers and in the key.
    assert '<span class="visually-hidden">Secure</span>' in html
    assert '<span class="visually-hidden">Working towards</span>' in html
    assert '<span class="visually-hidden">No evidence</span>' in html
    assert "<dd>Working towards</dd>" in html
    assert reverse("portfolio:coverage", args=[people.amara_apprenticeship.pk]) in html
    assert '1<span class="matrix__of"> of 27</span>' in html


def test_one_table_per_standard_version(client, people):
    other = other_version_apprenticeship(people)
    client.force_login(people.carl)
    tables = client.get(URL).context["tables"]
    assert len(tables) == 2
    by_version = {t.standard_version.pk: t for t in tables}
    small = by_version[other.standard_version_id]
    assert [ksb.code for ksb in small.ksbs] == ["K1", "S1", "S2"]
    assert [row.apprenticeship for row in small.rows] == [other]
    assert [cell.state for cell in small.rows[0].cells] == ["none", "none", "secure"]
    assert len(by_version[people.amara_apprenticeship.standard_version_id].ksbs) == 27


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("carl", ["Amara Example"]),
        ("cora", ["Bea Example"]),
        ("erin", ["Amara Example"]),
        ("evan", ["Bea Example"]),
        ("pat", ["Amara Example", "Bea Example"]),
        ("paula", []),
    ],
)
def test_the_rows_are_the_caseload(client, people, name, expected):
    client.force_login(getattr(people, name))
    response = client.get(URL)
    assert response.status_code == 200
    names = [
        row.apprenticeship.apprentice.full_name
        for table in response.context["tables"]
        for row in table.rows
    ]
    assert sorted(names) == expected


@pytest.mark.parametrize("name", ["amara", "otto", "ada"])
def test_people_without_a_caseload_are_refused(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(URL).status_code == 403


def test_provider_staff_may_choose_a_consultant(client, people):
    client.force_login(people.pat)
    response = client.get(URL, {"consultant": people.cora.pk})
    names = [
        r.apprenticeship.apprentice.full_name for t in response.context["tables"] for r in t.rows
    ]
    assert names == ["Bea Example"]
    assert "consultant" in response.context["form"].fields


def test_a_consultant_cannot_widen_by_choosing_another_consultant(client, people):
    client.force_login(people.carl)
    response = client.get(URL, {"consultant": people.cora.pk})
    names = [
        r.apprenticeship.apprentice.full_name for t in response.context["tables"] for r in t.rows
    ]
    assert names == ["Amara Example"]


def test_the_matrix_is_paginated(client, people, make_caseload):
    make_caseload(60)
    client.force_login(people.carl)
    first = client.get(URL)
    assert sum(len(t.rows) for t in first.context["tables"]) == 50
    second = client.get(URL, {"page": 2})
    assert sum(len(t.rows) for t in second.context["tables"]) == 11
    assert 'aria-label="Pages"' in first.content.decode()


def test_the_caseload_page_links_to_the_matrix(client, people):
    client.force_login(people.carl)
    html = client.get(reverse("caseload:index")).content.decode()
    assert f'href="{URL}"' in html
    assert "KSB coverage matrix" in html


@pytest.mark.parametrize("size", [3, 30])
def test_the_matrix_makes_a_fixed_number_of_queries(
    client, people, make_caseload, django_assert_num_queries, size
):
    fill(make_caseload(size))
    other_version_apprenticeship(people)
    client.force_login(people.carl)
    with django_assert_num_queries(QUERIES):
        response = client.get(URL)
    assert sum(len(t.rows) for t in response.context["tables"]) == size + 2
    secure = [r.secure for t in response.context["tables"] for r in t.rows]
    assert 3 in secure


def test_provider_staff_make_one_more_query_for_the_consultant_list(
    client, people, make_caseload, django_assert_num_queries
):
    fill(make_caseload(30))
    client.force_login(people.pat)
    with django_assert_num_queries(QUERIES + 1):
        client.get(URL)
