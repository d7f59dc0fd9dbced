import html

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from trellis.notices.models import Notice
from trellis.notices.services import notify
from trellis.safeguarding.models import Concern
from trellis.safeguarding.services import concern_triage
from trellis.testing.safeguarding_factories import ACCOUNT, raise_concern

pytestmark = pytest.mark.django_db

HOME = reverse("home:index")


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_lead_sees_counts_and_a_link_but_no_detail(client, people):
    raise_concern(people.amara_apprenticeship, people.carl, immediate_risk=True)
    waiting = raise_concern(people.amara_apprenticeship, people.erin)
    triaged = raise_concern(people.bea_apprenticeship, people.cora)
    concern_triage(concern=triaged, by=people.dina, urgency="low", assessment="Watch.")
    closed = raise_concern(people.bea_apprenticeship, people.cora)
    Concern.objects.filter(pk=closed.pk).update(
        status="closed", closed_at=timezone.now(), outcome="advice_given"
    )
    Notice.objects.all().delete()
    reads_before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    client.force_login(people.dina)
    response = client.get(HOME)
    assert response.context["sections"]["safeguarding"] == {
        "open": 3,
        "awaiting_triage": 2,
        "urgent": 1,
    }
    page = text(response)
    assert "Open the safeguarding dashboard" in page
    assert reverse("safeguarding:dashboard") in page
    assert ACCOUNT not in page
    assert waiting.reference not in page
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == reads_before


@pytest.mark.parametrize("name", ["carl", "pat", "quinn", "amara", "ada", "otto"])
def test_no_one_else_has_the_safeguarding_section(client, people, name):
    raise_concern(people.amara_apprenticeship, people.carl)
    client.force_login(getattr(people, name))
    response = client.get(HOME)
    assert "safeguarding" not in response.context["sections"]
    assert "Open the safeguarding dashboard" not in text(response)
    assert f'href="{reverse("safeguarding:dashboard")}"' not in text(response)


def test_unread_notices_come_first_up_to_five(client, people):
    for number in range(7):
        notify([people.carl], title=f"Notice number {number}")
    [read] = notify([people.carl], title="Already read")
    Notice.objects.filter(pk=read.pk).update(read_at=timezone.now())
    client.force_login(people.carl)
    response = client.get(HOME)
    assert len(response.context["notices"]) == 5
    page = text(response)
    assert "Already read" not in page
    assert page.index("New notices") < page.index("Your caseload")


def test_everyone_signed_in_has_the_raise_link_and_only_leads_the_safeguarding_link(client, people):
    raise_link = f'href="{reverse("safeguarding:raise")}"'
    dashboard_link = f'href="{reverse("safeguarding:dashboard")}"'
    for name in ("amara", "carl", "erin", "ian", "otto"):
        client.force_login(getattr(people, name))
        page = text(client.get(HOME))
        assert raise_link in page
        assert dashboard_link not in page
    client.force_login(people.dina)
    page = text(client.get(HOME))
    assert raise_link in page
    assert dashboard_link in page


def test_the_apprentice_record_links_to_raising_about_them(client, people):
    client.force_login(people.carl)
    apprenticeship = people.amara_apprenticeship
    page = text(client.get(reverse("apprenticeships:detail", args=[apprenticeship.pk])))
    assert f"{reverse('safeguarding:raise')}?apprenticeship={apprenticeship.pk}" in page
    assert "Raise a safeguarding concern" in page
