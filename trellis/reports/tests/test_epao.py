from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking, EpaDate
from trellis.epa.models import Assessment, Moderation
from trellis.gateway.models import GatewayAttempt
from trellis.testing.factories import ApprenticeshipFactory

pytestmark = pytest.mark.django_db
URL = reverse("reports:epao")
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)  # a Wednesday


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOW, tick=False)


def _apprenticeship(people, name):
    return ApprenticeshipFactory(
        provider=people.provider,
        employer=people.employer,
        consultant=people.carl,
        epao=people.epao,
        standard_version=people.amara_apprenticeship.standard_version,
        apprentice__full_name=name,
    )


def _submitted(people, name, days_ago):
    at = NOW - timedelta(days=days_ago)
    return GatewayAttempt.objects.create(
        apprenticeship=_apprenticeship(people, name),
        number=1,
        status=GatewayAttempt.Status.SUBMITTED,
        started_at=at,
        submitted_at=at,
        epao=people.epao,
    )


def _booked(people, name, *, accepted_days_ago=40):
    apprenticeship = _apprenticeship(people, name)
    at = NOW - timedelta(days=accepted_days_ago)
    attempt = GatewayAttempt.objects.create(
        apprenticeship=apprenticeship,
        number=1,
        status=GatewayAttempt.Status.ACCEPTED,
        started_at=at,
        decided_at=at,
        epao=people.epao,
    )
    return Booking.objects.create(
        apprenticeship=apprenticeship,
        attempt=attempt,
        epao=people.epao,
        created_at=at,
        assessor=people.ian,
    )


def _day(booking, day, status=EpaDate.Status.BOOKED):
    EpaDate.objects.create(
        booking=booking,
        activity="Observation",
        day=day,
        starts_at=time(9),
        ends_at=time(11),
        location="On site",
        status=status,
        booked_by=booking.assessor,
        booked_at=NOW,
    )


def _final(booking, grade, *, confirmed_days_ago, before=None, outcome=None):
    assessment = Assessment.objects.create(
        booking=booking,
        apprenticeship=booking.apprenticeship,
        number=booking.assessments.count() + 1,
        status=Assessment.Status.FINAL,
        created_at=NOW,
        created_by=booking.assessor,
        confirmed_at=NOW - timedelta(days=confirmed_days_ago),
        final_result={"grade": grade},
    )
    if outcome:
        Moderation.objects.create(
            assessment=assessment,
            moderator=booking.assessor,
            decided_at=NOW,
            outcome=outcome,
            result_before={"grade": before or grade},
            result_after={"grade": grade},
        )


@pytest.fixture
def epao_work(people):
    _submitted(people, "Sam Waiting", 3)
    _submitted(people, "Tia Waiting", 20)
    _submitted(people, "Uma Waiting", 45)
    first = _booked(people, "Vic Booked")
    _day(first, date(2026, 11, 27))  # this week
    _day(first, date(2026, 12, 3))  # next week
    _day(first, date(2026, 12, 4), status=EpaDate.Status.CANCELLED)
    _day(first, date(2026, 11, 20))  # last week: not counted
    _final(first, "distinction", confirmed_days_ago=10, before="pass", outcome="changed")
    second = _booked(people, "Wyn Booked", accepted_days_ago=60)
    _final(second, "fail", confirmed_days_ago=40, outcome="agreed")
    _final(second, "pass", confirmed_days_ago=5)
    return people


def _dashboard(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    (dashboard,) = response.context["dashboards"]
    return dashboard, response.content.decode()


def test_the_gateway_queue_shows_its_age(client, epao_work):
    dashboard, page = _dashboard(client, epao_work.ada)
    assert dashboard.waiting_count == 3
    assert dashboard.oldest_days == 45
    assert [a.apprenticeship.apprentice.full_name for a in dashboard.waiting] == [
        "Uma Waiting",
        "Tia Waiting",
        "Sam Waiting",
    ]
    assert [(b.label, b.value) for b in dashboard.waiting_bands] == [
        ("Up to a week", 1),
        ("1 to 2 weeks", 0),
        ("2 to 4 weeks", 1),
        ("Over 4 weeks", 1),
    ]
    assert "the oldest for 45 days" in page


def test_booked_days_are_counted_by_week_from_this_monday(client, epao_work):
    dashboard, _ = _dashboard(client, epao_work.ada)
    weeks = [(start, bar.value) for start, bar in dashboard.weeks]
    assert len(weeks) == 8
    assert weeks[:3] == [(date(2026, 11, 23), 1), (date(2026, 11, 30), 1), (date(2026, 12, 7), 0)]


def test_outcomes_moderation_and_time_to_result(client, epao_work):
    dashboard, page = _dashboard(client, epao_work.mo)
    assert [(b.label, b.value) for b in dashboard.grades] == [
        ("Fail", 1),
        ("Pass", 1),
        ("Distinction", 1),
    ]
    moderation = dashboard.moderation
    assert (moderation.moderated, moderation.changed) == (2, 1)
    assert moderation.grade_changes == {("pass", "distinction"): 1}
    assert "Pass to distinction: 1" in page
    # Vic: accepted 40 days ago, result 10 days ago; Wyn: 60 and 5 (the resit that stands).
    result = dashboard.gateway_to_result
    assert (result.count, result.shortest, result.longest, result.median_days) == (2, 30, 55, 42.5)


def test_each_assessor_s_workload_is_shown(client, epao_work):
    Apprenticeship.objects.filter(apprentice__full_name="Vic Booked").update(status="in_epa")
    dashboard, _ = _dashboard(client, epao_work.ada)
    loads = {
        load.assessor.full_name: (load.assigned, load.days_ahead) for load in dashboard.assessors
    }
    assert loads == {"Ian Example": (1, 2), "Isla Example": (0, 0)}


@pytest.mark.parametrize("name", ["pat", "carl", "erin", "amara", "ian"])
def test_only_epao_admins_and_moderators_see_it(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(URL).status_code == 403


def test_another_epao_s_work_is_never_counted(client, epao_work, people):
    from trellis.testing.factories import OrganisationFactory

    other = OrganisationFactory(name="Other EPAO", kind="epao", epao_id="EPA0777")
    GatewayAttempt.objects.filter(apprenticeship__apprentice__full_name="Sam Waiting").update(
        epao=other
    )
    dashboard, _ = _dashboard(client, people.ada)
    assert dashboard.waiting_count == 2


def test_the_dashboard_makes_the_same_number_of_queries_for_more_work(client, people):
    def queries() -> int:
        client.force_login(people.ada)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    for n in range(2):
        _submitted(people, f"Early {n}", n)
    few = queries()
    for n in range(30):
        _submitted(people, f"Later {n}", n)
        _final(_booked(people, f"Done {n}"), "pass", confirmed_days_ago=n)
    assert queries() == few
