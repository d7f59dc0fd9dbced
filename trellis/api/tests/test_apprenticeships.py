from datetime import date

import pytest

from trellis.apprenticeships.models import Apprenticeship
from trellis.testing.factories import ApprenticeshipFactory
from trellis.testing.gateway_factories import submitted

LIST = "/api/v1/apprenticeships"
Status = Apprenticeship.Status

SEES_AMARAS = ["amara", "carl", "erin", "dina", "pat", "quinn"]
DOES_NOT_SEE_AMARAS = ["bea", "cora", "evan", "ian", "isla", "ada", "mo", "paula", "otto"]
SEES_BEAS = ["bea", "cora", "evan", "dina", "pat", "quinn"]


def detail(apprenticeship: Apprenticeship) -> str:
    return f"{LIST}/{apprenticeship.pk}"


def listed_ids(response) -> set[int]:
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def set_status(apprenticeship: Apprenticeship, status: str) -> None:
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(status=status)


@pytest.mark.parametrize("name", SEES_AMARAS + DOES_NOT_SEE_AMARAS)
def test_list_holds_exactly_what_each_person_may_see(api_get, people, name):
    expected = set()
    if name in SEES_AMARAS:
        expected.add(people.amara_apprenticeship.pk)
    if name in SEES_BEAS:
        expected.add(people.bea_apprenticeship.pk)

    response = api_get(getattr(people, name), LIST)

    assert listed_ids(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("name", SEES_AMARAS)
def test_detail_is_shown_to_those_who_may_see_it(api_get, people, name):
    response = api_get(getattr(people, name), detail(people.amara_apprenticeship))

    assert response.status_code == 200
    assert response.json()["id"] == people.amara_apprenticeship.pk


@pytest.mark.parametrize("name", DOES_NOT_SEE_AMARAS)
def test_detail_is_404_for_everyone_else(api_get, people, name):
    response = api_get(getattr(people, name), detail(people.amara_apprenticeship))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_missing_apprenticeship_looks_like_a_hidden_one(api_get, people):
    hidden = api_get(people.bea, detail(people.amara_apprenticeship))
    missing = api_get(people.bea, f"{LIST}/999999")

    assert missing.status_code == hidden.status_code == 404
    assert missing.json() == hidden.json()


@pytest.mark.parametrize("status", [Status.GATEWAY, Status.IN_EPA, Status.COMPLETED])
def test_epao_staff_never_see_the_apprenticeship_record_whatever_the_status(
    api_get, people, status
):
    set_status(people.amara_apprenticeship, status)
    amaras = people.amara_apprenticeship

    for name in ["ada", "mo", "ian", "isla", "paula", "bea"]:
        person = getattr(people, name)
        assert api_get(person, detail(amaras)).status_code == 404, name
        assert amaras.pk not in listed_ids(api_get(person, LIST)), name


def test_epao_staff_do_not_see_the_record_of_an_apprenticeship_submitted_to_them(api_get, people):
    submitted(people.amara_apprenticeship)

    for name in ["ada", "mo"]:
        person = getattr(people, name)
        assert api_get(person, detail(people.amara_apprenticeship)).status_code == 404, name
        assert listed_ids(api_get(person, LIST)) == set(), name


@pytest.mark.parametrize("status", [Status.BREAK_IN_LEARNING, Status.WITHDRAWN])
def test_epao_staff_do_not_see_an_apprenticeship_before_assessment(api_get, people, status):
    set_status(people.amara_apprenticeship, status)

    for name in ["ada", "mo"]:
        person = getattr(people, name)
        assert api_get(person, detail(people.amara_apprenticeship)).status_code == 404, name
        assert listed_ids(api_get(person, LIST)) == set(), name


def test_epao_staff_do_not_see_another_epaos_apprenticeship(api_get, people):
    # Bea's apprenticeship names no EPAO, so reaching gateway does not show it to Ada.
    set_status(people.bea_apprenticeship, Status.GATEWAY)

    assert api_get(people.ada, detail(people.bea_apprenticeship)).status_code == 404


def test_detail_body(api_get, people):
    amaras = people.amara_apprenticeship

    response = api_get(people.pat, detail(amaras))

    assert response.json() == {
        "id": amaras.pk,
        "apprentice": {"name": "Amara Example", "email": "amara@trellis.example"},
        "employer": {"id": people.employer.pk, "name": "Riverside College"},
        "provider": {"id": people.provider.pk, "name": "Northway Training"},
        "epao": {"id": people.epao.pk, "name": "Fair Assessment Ltd", "epao_id": "EPA0999"},
        "standard": {"reference": "ST0148", "version": "1.0"},
        "consultant": {"name": "Carl Example", "email": "carl@trellis.example"},
        "start_date": "2026-01-05",
        "planned_end_date": "2027-07-05",
        "status": "on_programme",
        "entry_requirements_met": False,
    }


def test_detail_without_epao_or_consultant_gives_nulls(api_get, people):
    Apprenticeship.objects.filter(pk=people.bea_apprenticeship.pk).update(consultant=None)

    body = api_get(people.pat, detail(people.bea_apprenticeship)).json()

    assert body["epao"] is None
    assert body["consultant"] is None


def test_detail_of_a_non_numeric_id_is_422(api_get, people):
    response = api_get(people.pat, f"{LIST}/amara")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["path", "apprenticeship_id"]


def test_status_filter(api_get, people):
    set_status(people.bea_apprenticeship, Status.BREAK_IN_LEARNING)

    on_programme = api_get(people.pat, LIST, {"status": "on_programme"})
    on_break = api_get(people.pat, LIST, {"status": "break_in_learning"})
    completed = api_get(people.pat, LIST, {"status": "completed"})

    assert listed_ids(on_programme) == {people.amara_apprenticeship.pk}
    assert listed_ids(on_break) == {people.bea_apprenticeship.pk}
    assert listed_ids(completed) == set()


def test_status_filter_does_not_widen_what_a_person_sees(api_get, people):
    response = api_get(people.carl, LIST, {"status": "on_programme"})

    assert listed_ids(response) == {people.amara_apprenticeship.pk}


@pytest.mark.parametrize("value", ["finished", "ON_PROGRAMME", "On programme"])
def test_an_unknown_status_is_422_naming_the_allowed_values(api_get, people, value):
    response = api_get(people.pat, LIST, {"status": value})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "status"]
    for status in Status.values:
        assert f"'{status}'" in error["msg"]


def test_pagination_by_page_number(api_get, people, standard_version):
    for _ in range(3):
        ApprenticeshipFactory(provider=people.provider, standard_version=standard_version)

    first = api_get(people.pat, LIST, {"page": 1, "page_size": 2}).json()
    second = api_get(people.pat, LIST, {"page": 2, "page_size": 2}).json()
    third = api_get(people.pat, LIST, {"page": 3, "page_size": 2}).json()

    assert first["count"] == second["count"] == third["count"] == 5
    ids = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert len(ids) == len(set(ids)) == 5


def test_a_page_number_below_one_is_422(api_get, people):
    response = api_get(people.pat, LIST, {"page": 0})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page"]


@pytest.mark.parametrize("extra", [1, 18])
def test_list_query_count_does_not_grow_with_rows(
    client, auth_headers, people, standard_version, django_assert_num_queries, extra
):
    # Every row names an EPAO and a consultant, so each related record would cost a query.
    for number in range(extra):
        ApprenticeshipFactory(
            provider=people.provider,
            epao=people.epao,
            consultant=people.carl,
            standard_version=standard_version,
            start_date=date(2026, 2, number + 1),
        )
    headers = auth_headers(people.pat)
    client.get(LIST, headers=headers)  # notes the token's first use, a write made once a minute

    # The token with its owner, the owner's roles, the count, the page of rows.
    with django_assert_num_queries(4):
        response = client.get(LIST, headers=headers)

    assert response.json()["count"] == 2 + extra
