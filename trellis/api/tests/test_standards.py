import uuid

import pytest

from trellis.standards.models import KSB, Theme
from trellis.testing.factories import StandardFactory, StandardVersionFactory, UserFactory


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
            "typical_duration_months": 15,
            "minimum_duration_months": 12,
        },
        {
            "reference": "ST9999",
            "version": "1.0",
            "title": "Test standard",
            "level": 3,
            "lars_code": None,
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

    # The token, the version with its standard, its themes, its KSBs with their themes.
    with django_assert_num_queries(4):
        response = client.get(path, headers=headers)

    assert len(response.json()["ksbs"]) == 23
