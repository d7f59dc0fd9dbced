import pytest
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "heading", "shows_amara"),
    [
        ("amara", "Your apprenticeship", True),
        ("carl", "Your caseload", True),
        ("cora", "Your caseload", False),
        ("erin", "Your apprentices", True),
        ("evan", "Your apprentices", False),
        ("pat", "Apprenticeships by status", False),
        ("quinn", "Apprenticeships by status", False),
        ("dina", "Apprenticeships by status", False),
        ("ada", "End-point assessment work", False),
        ("ian", "End-point assessment work", False),
        ("mo", "End-point assessment work", False),
        ("otto", "You do not have a role", False),
    ],
)
def test_each_role_has_its_home_page(client, people, name, heading, shows_amara):
    client.force_login(getattr(people, name))
    response = client.get(reverse("home:index"))
    assert response.status_code == 200
    assert heading in response.text
    assert ("Amara Example" in response.text) == shows_amara


def test_provider_home_counts_apprenticeships_by_status(client, people):
    client.force_login(people.pat)
    response = client.get(reverse("home:index"))
    counts = {
        row["status"]: row["total"] for row in response.context["sections"]["provider_counts"]
    }
    assert counts["on_programme"] == 2
    assert counts["completed"] == 0


def test_epao_home_lists_apprentices_put_forward_to_it(client, people):
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status="gateway")
    client.force_login(people.ada)
    response = client.get(reverse("home:index"))
    assert "Amara Example" in response.text


def test_a_large_caseload_says_how_many_and_links_to_the_rest(client, people):
    from trellis.home.selectors import HOME_LIST_LIMIT
    from trellis.testing.factories import ApprenticeshipFactory

    for _ in range(HOME_LIST_LIMIT + 1):
        ApprenticeshipFactory(
            provider=people.provider,
            consultant=people.carl,
            standard_version=people.amara_apprenticeship.standard_version,
        )
    client.force_login(people.carl)
    response = client.get(reverse("home:index"))
    total = HOME_LIST_LIMIT + 2
    assert f"({total} active)" in response.text
    assert f"See all {total} apprentices in your caseload" in response.text
