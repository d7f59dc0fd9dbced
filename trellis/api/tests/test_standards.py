import uuid
from datetime import date

import pytest
from django.core.management import call_command

from trellis.standards.models import KSB, Theme
from trellis.standards.tests.official import OFFICIAL_DATA_DIR
from trellis.testing.factories import StandardFactory, StandardVersionFactory, UserFactory

FROM_THE_FEED = {
    "status": "",
    "earliest_start_date": None,
    "latest_start_date": None,
    "minimum_otj_hours": None,
    "has_rules": True,
}


@pytest.fixture
def mentor(db):
    """Return ST0148 version 1.1 with two themes and three KSBs, one outside any theme."""
    standard = StandardFactory(reference="ST0148", title="Learning mentor", level=3, lars_code=548)
    version = StandardVersionFactory(
        standard=standard, version="1.1", typical_duration_months=15, minimum_duration_months=12
    )
    first = Theme.objects.create(standard_version=version, number=1, title="Mentoring")
    second = Theme.objects.create(standard_version=version, number=2, title="Safeguarding")
    for position, (code, kind, theme) in enumerate(
        [
            ("K1", KSB.Kind.KNOWLEDGE, first),
            ("S1", KSB.Kind.SKILL, second),
            ("B1", KSB.Kind.BEHAVIOUR, None),
        ]
    ):
        KSB.objects.create(
            standard_version=version,
            guid=uuid.uuid5(uuid.NAMESPACE_URL, code),
            code=code,
            kind=kind,
            statement=f"Statement {code}",
            theme=theme,
            position=position,
        )
    return version


@pytest.fixture
def official(db):
    """Import every official record kept for tests, then load the shipped data files."""
    call_command("import_ifate", OFFICIAL_DATA_DIR, verbosity=0)
    call_command("load_standards", verbosity=0)


def test_list_gives_every_version(api_get, mentor):
    StandardVersionFactory()
    response = api_get(UserFactory(), "/api/v1/standards")

    assert response.status_code == 200
    assert response.json() == [
        {
            "reference": "ST0148",
            "version": "1.1",
            "title": "Learning mentor",
            "level": 3,
            "lars_code": 548,
            **FROM_THE_FEED,
            "typical_duration_months": 15,
            "minimum_duration_months": 12,
        },
        {
            "reference": "ST9999",
            "version": "1.0",
            "title": "Test standard",
            "level": 3,
            "lars_code": None,
            **FROM_THE_FEED,
            "typical_duration_months": 12,
            "minimum_duration_months": 12,
        },
    ]


def test_detail_gives_themes_and_ksbs(api_get, mentor):
    response = api_get(UserFactory(), "/api/v1/standards/ST0148/1.1")

    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == "ST0148"
    assert body["version"] == "1.1"
    assert body["themes"] == [
        {"number": 1, "title": "Mentoring"},
        {"number": 2, "title": "Safeguarding"},
    ]
    assert body["ksbs"] == [
        {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "K1")),
            "code": "K1",
            "kind": "knowledge",
            "statement": "Statement K1",
            "theme": 1,
        },
        {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "S1")),
            "code": "S1",
            "kind": "skill",
            "statement": "Statement S1",
            "theme": 2,
        },
        {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "B1")),
            "code": "B1",
            "kind": "behaviour",
            "statement": "Statement B1",
            "theme": None,
        },
    ]


@pytest.mark.parametrize("path", ["ST0000/9.9", "ST0148/9.9", "ST0000/1.1"])
def test_detail_of_an_unknown_version_is_404(api_get, mentor, path):
    reference, version = path.split("/")

    response = api_get(UserFactory(), f"/api/v1/standards/{path}")

    assert response.status_code == 404
    assert response.json() == {"detail": f"No standard {reference} version {version}."}


def test_detail_query_count_does_not_grow_with_ksbs(
    client, auth_headers, mentor, django_assert_num_queries
):
    headers = auth_headers(UserFactory())
    path = "/api/v1/standards/ST0148/1.1"
    client.get(path, headers=headers)  # notes the token's first use, a write made once a minute
    theme = mentor.themes.first()
    for position in range(3, 23):
        KSB.objects.create(
            standard_version=mentor,
            guid=uuid.uuid4(),
            code=f"K{position}",
            kind=KSB.Kind.KNOWLEDGE,
            statement="More",
            theme=theme,
            position=position,
        )

    # The token, the version with its standard, its themes, its KSBs with their themes, its
    # options and its duties (none here, so no duties' KSBs or options).
    with django_assert_num_queries(6):
        response = client.get(path, headers=headers)

    assert len(response.json()["ksbs"]) == 23


# --- Versions from the official record --------------------------------------------------------


def test_list_gives_the_official_record_of_each_version(api_get, official):
    response = api_get(UserFactory(), "/api/v1/standards")

    assert response.status_code == 200
    versions = {(v["reference"], v["version"]): v for v in response.json()}
    assert versions["ST1379", "1.3"] == {
        "reference": "ST1379",
        "version": "1.3",
        "title": "Learning and skills mentor",
        "level": 4,
        "lars_code": 694,
        "status": "Approved for delivery",
        "earliest_start_date": "2025-12-09",
        "latest_start_date": None,
        "typical_duration_months": 12,
        "minimum_duration_months": 12,
        "minimum_otj_hours": 278,
        "has_rules": True,
    }
    assert versions["ST0843", "1.1"]["has_rules"] is False
    assert versions["ST0843", "1.1"]["minimum_duration_months"] is None
    assert versions["ST1379", "1.0"]["latest_start_date"] == str(date(2023, 9, 11))


def test_detail_gives_the_official_record_options_and_duties(api_get, official):
    response = api_get(UserFactory(), "/api/v1/standards/ST0843/1.1")

    assert response.status_code == 200
    body = response.json()
    assert body["has_rules"] is False
    assert body["typical_epa_period_months"] == 3
    assert body["funding_banner"].startswith("From 1st September 2026, this apprenticeship")
    assert body["assessment_plan_url"].endswith("/st0843-v1-1?view=epa")
    assert body["standard_page_url"].endswith("/st0843-v1-1")
    assert [option["title"] for option in body["options"]] == [
        "Healthcare Cleaning Operative",
        "Commercial Cleaning Operative",
    ]
    assert len(body["ksbs"]) == 65
    assert len(body["duties"]) == 20
    healthcare = body["options"][0]["id"]
    assert body["duties"][14] | {"statement": ""} == {
        "number": 15,
        "id": body["duties"][14]["id"],
        "statement": "",
        "is_core": False,
        "ksbs": ["K26", "S28"],
        "options": [healthcare],
    }


def test_ksbs_gives_the_versions_ksbs_in_order(api_get, official):
    response = api_get(UserFactory(), "/api/v1/standards/ST1379/1.3/ksbs")

    assert response.status_code == 200
    codes = [ksb["code"] for ksb in response.json()]
    assert codes == [
        *(f"K{n}" for n in range(1, 17)),
        *(f"S{n}" for n in range(1, 15)),
        *(f"B{n}" for n in range(1, 6)),
    ]
    assert response.json()[0]["theme"] is None


def test_duties_gives_each_duty_with_its_ksbs(api_get, official):
    response = api_get(UserFactory(), "/api/v1/standards/ST1379/1.3/duties")

    assert response.status_code == 200
    duties = response.json()
    assert [duty["number"] for duty in duties] == list(range(1, 10))
    assert duties[0]["statement"].startswith("Plan, conduct and record mentoring activities")
    assert duties[0]["is_core"] is True
    assert duties[0]["options"] == []
    assert duties[0]["ksbs"] == [
        "K1", "K2", "K3", "K4", "K5", "K16", "S2", "S3", "S4", "S5", "B1", "B2", "B3", "B4",
    ]  # fmt: skip
    assert uuid.UUID(duties[0]["id"])


def test_versions_gives_the_versions_of_one_standard_lowest_first(api_get, official):
    response = api_get(UserFactory(), "/api/v1/standards/ST1379/versions")

    assert response.status_code == 200
    body = response.json()
    assert [v["version"] for v in body] == ["0.0", "1.0", "1.1", "1.2", "1.3"]
    assert [v["status"] for v in body] == [
        "In development", "Retired", "Retired", "Retired", "Approved for delivery",
    ]  # fmt: skip
    assert [v["has_rules"] for v in body] == [False, True, True, True, True]


def test_versions_of_an_unknown_standard_is_404(api_get, official):
    response = api_get(UserFactory(), "/api/v1/standards/ST9999/versions")

    assert response.status_code == 404
    assert response.json() == {"detail": "No standard ST9999."}


@pytest.mark.parametrize("part", ["ksbs", "duties"])
@pytest.mark.parametrize("path", ["ST1379/9.9", "ST9999/1.3"])
def test_ksbs_and_duties_of_an_unknown_version_are_404(api_get, official, path, part):
    reference, version = path.split("/")

    response = api_get(UserFactory(), f"/api/v1/standards/{path}/{part}")

    assert response.status_code == 404
    assert response.json() == {"detail": f"No standard {reference} version {version}."}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/standards",
        "/api/v1/standards/ST1379/versions",
        "/api/v1/standards/ST1379/1.3",
        "/api/v1/standards/ST1379/1.3/ksbs",
        "/api/v1/standards/ST1379/1.3/duties",
    ],
)
def test_every_standards_operation_needs_a_token(client, official, path):
    response = client.get(path)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="trellis"'


def test_detail_of_a_version_from_the_feed_makes_a_fixed_number_of_queries(
    client, auth_headers, official, django_assert_num_queries
):
    headers = auth_headers(UserFactory())
    client.get("/api/v1/standards/ST0843/1.1", headers=headers)  # notes the token's first use

    # The token, the version, its themes, KSBs, options, duties, the duties' KSBs and options.
    with django_assert_num_queries(8):
        response = client.get("/api/v1/standards/ST0843/1.1", headers=headers)

    assert len(response.json()["duties"]) == 20
