import pytest
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship
from trellis.testing.gateway_factories import submitted

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
        ("ian", "Your assessments", False),
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


def test_epao_home_counts_gateways_submitted_to_it_without_naming_the_record(client, people):
    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status="gateway")
    client.force_login(people.ada)
    response = client.get(reverse("home:index"))
    assert response.context["sections"]["epao"]["awaiting_decision"] == 0
    assert "Amara Example" not in response.text

    Apprenticeship.objects.filter(pk=people.amara_apprenticeship.pk).update(status="on_programme")
    submitted(people.amara_apprenticeship)
    response = client.get(reverse("home:index"))
    assert response.context["sections"]["epao"]["awaiting_decision"] == 1
    assert reverse("apprenticeships:detail", args=[people.amara_apprenticeship.pk]) not in (
        response.text
    )


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


def test_a_consultant_sees_the_evidence_awaiting_their_assessment(client, people):
    from trellis.testing.portfolio_factories import evidence_in_state

    waiting = evidence_in_state(people.amara_apprenticeship, status="submitted", title="Witness")
    evidence_in_state(people.amara_apprenticeship, status="assessed", title="Done already")
    evidence_in_state(people.bea_apprenticeship, status="submitted", title="Cora's to assess")
    client.force_login(people.carl)
    response = client.get(reverse("home:index"))
    assert response.context["sections"]["to_assess"]["total"] == 1
    assert [item.pk for item in response.context["sections"]["to_assess"]["rows"]] == [waiting.pk]
    assert "Cora's to assess" not in response.text and "Done already" not in response.text
    client.force_login(people.cora)
    assert client.get(reverse("home:index")).context["sections"]["to_assess"]["total"] == 1


def test_the_quality_lead_sees_the_samples_to_review(client, people):
    from django.utils import timezone

    from trellis.iqa.models import IqaSample
    from trellis.testing.portfolio_factories import evidence_in_state

    item = evidence_in_state(people.amara_apprenticeship, status="assessed")
    IqaSample.objects.create(
        decision=item.current_decision,
        provider=people.provider,
        consultant=people.carl,
        basis=IqaSample.Basis.RANDOM,
        sampled_by=people.quinn,
        sampled_at=timezone.now(),
    )
    client.force_login(people.quinn)
    response = client.get(reverse("home:index"))
    assert response.context["sections"]["iqa"] == {"pending": 1, "awaiting_response": 0}
    assert "Internal quality assurance" in response.text
    client.force_login(people.pat)
    assert "iqa" not in client.get(reverse("home:index")).context["sections"]
