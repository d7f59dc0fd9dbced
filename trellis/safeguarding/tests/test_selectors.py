"""The dashboard's order, counts and cost."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trellis.organisations.models import Membership
from trellis.safeguarding import selectors
from trellis.safeguarding.models import Concern
from trellis.safeguarding.reads import ReadOf
from trellis.safeguarding.services import concern_close, concern_triage
from trellis.safeguarding.tests.casework import make_cases
from trellis.testing.factories import MembershipFactory
from trellis.testing.safeguarding_factories import raise_concern

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("safeguarding:dashboard")


def raised_days_ago(concern: Concern, days: int) -> Concern:
    Concern.objects.filter(pk=concern.pk).update(
        raised_at=timezone.now() - timedelta(days=days, hours=1)
    )
    concern.refresh_from_db()
    return concern


def triaged(concern: Concern, by, urgency: str) -> Concern:
    return concern_triage(concern=concern, by=by, urgency=urgency, assessment="Looked at it.")


@pytest.fixture
def board(people):
    """Return open concerns in each state the order knows, and a closed one, by name."""
    amara = people.amara_apprenticeship

    def concern(days, **overrides):
        return raised_days_ago(raise_concern(amara, people.carl, **overrides), days)

    made = {
        "waiting_long": concern(40),
        "waiting_new": concern(2),
        "waiting_at_risk": concern(1, immediate_risk=True),
        "low_old": concern(50),
        "urgent": concern(3),
        "high": concern(45),
        "high_newer": concern(4),
        "closed": concern(60),
        "learner": concern(5, subject="mentored_learner", learner_ref="l-014"),
    }
    for name, urgency in [
        ("low_old", "low"),
        ("urgent", "urgent"),
        ("high", "high"),
        ("high_newer", "high"),
        ("closed", "medium"),
        ("learner", "medium"),
    ]:
        made[name] = triaged(made[name], people.dina, urgency)
    made["closed"] = concern_close(
        concern=made["closed"], by=people.dina, outcome="advice_given", reason="Advice given."
    )
    return made


def names(rows, board):
    by_pk = {concern.pk: name for name, concern in board.items()}
    return [by_pk[row.concern.pk] for row in rows]


def test_open_cases_come_awaiting_triage_first_then_by_urgency_and_age(people, board):
    dashboard = selectors.dashboard_for(people.dina)
    assert names(dashboard.awaiting_triage, board) == [
        "waiting_at_risk",
        "waiting_long",
        "waiting_new",
    ]
    assert names(dashboard.triaged, board) == ["urgent", "high", "high_newer", "learner", "low_old"]


def test_the_counts_and_the_rows_say_what_the_lead_needs(people, board):
    dashboard = selectors.dashboard_for(people.dina)
    assert dashboard.open_count == 8
    assert dashboard.awaiting_count == 3
    assert dashboard.urgent_count == 2  # triaged urgent, and raised at immediate risk
    assert dashboard.long_open_count == 3
    assert not dashboard.many_providers
    rows = {row.concern.pk: row for row in dashboard.triaged}
    learner = rows[board["learner"].pk]
    assert learner.about == f"Learner L-014, mentored by {people.amara.full_name}"
    assert learner.age_label == "5 days"
    assert learner.last_entry_at is not None
    assert rows[board["urgent"].pk].about == people.amara.full_name


def test_the_dashboard_page_shows_both_tables_and_records_a_read_of_each_line(
    client, people, board
):
    client.force_login(people.dina)
    response = client.get(DASHBOARD)
    page = response.content.decode()
    assert response.status_code == 200
    assert "8 open cases: 3 awaiting triage, 2 urgent, 3 open longer than 30 days." in page
    assert page.index("Awaiting triage") < page.index(board["waiting_at_risk"].reference)
    assert page.index(board["waiting_at_risk"].reference) < page.index(
        board["waiting_long"].reference
    )
    assert page.index(board["urgent"].reference) < page.index(board["low_old"].reference)
    assert "Immediate risk" in page
    assert "Learner L-014, mentored by Amara Example" in page
    assert board["closed"].reference not in page
    assert "Provider</th>" not in page
    dashboard_reads = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=people.dina, additional_data__read=ReadOf.DASHBOARD
    )
    assert sorted(int(pk) for pk in dashboard_reads.values_list("object_pk", flat=True)) == sorted(
        concern.pk for name, concern in board.items() if name != "closed"
    )


def test_the_closed_list_is_newest_closed_first(client, people, board):
    later = concern_close(
        concern=board["waiting_new"],
        by=people.dina,
        outcome="no_further_action",
        reason="Nothing more.",
    )
    client.force_login(people.dina)
    page = client.get(reverse("safeguarding:closed")).content.decode()
    assert page.index(later.reference) < page.index(board["closed"].reference)
    assert board["urgent"].reference not in page


def test_a_lead_at_two_providers_sees_which_provider(client, people, standard_version):
    cases = make_cases(people, standard_version)
    MembershipFactory(
        user=people.dina,
        organisation=people.other_provider,
        role=Membership.RoleChoice.SAFEGUARDING_LEAD,
    )
    client.force_login(people.dina)
    page = client.get(DASHBOARD).content.decode()
    assert "Provider</th>" in page
    assert cases.elsewhere.reference in page
    assert people.other_provider.name in page


def _dashboard_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_number_of_queries_for_3_or_30_concerns(
    client, people, django_assert_num_queries
):
    amara = people.amara_apprenticeship
    for index in range(3):
        concern = raise_concern(amara, people.carl, immediate_risk=index == 0)
        if index == 1:
            triaged(concern, people.dina, "high")
    few = _dashboard_queries(client, people.dina)
    for index in range(27):
        concern = raise_concern(amara, people.carl)
        if index % 2:
            triaged(concern, people.dina, "medium")
    assert Concern.objects.filter(status="open").count() == 30
    many = _dashboard_queries(client, people.dina)
    assert many == few
    with django_assert_num_queries(few):
        client.get(DASHBOARD)
