from datetime import UTC, date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party
from trellis.booking.models import Booking, EpaDate
from trellis.caseload.models import CaseloadSummary
from trellis.gateway.models import GatewayAttempt
from trellis.reports.views import EMPLOYER_PAGE_SIZE
from trellis.testing.caseload_factories import bulk_caseload
from trellis.testing.plans_factories import (
    PlanActivityFactory,
    PlanSignatureFactory,
    PlanVersionFactory,
)
from trellis.testing.reviews_factories import recorded_review

pytestmark = pytest.mark.django_db
URL = reverse("reports:employer")
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOW, tick=False)


def _plan(apprenticeship, number: int, *, signed_by_employer: bool):
    version = PlanVersionFactory(apprenticeship=apprenticeship, number=number)
    PlanActivityFactory(plan_version=version)
    if signed_by_employer:
        PlanSignatureFactory(
            plan_version=version, party=Party.EMPLOYER, signed_by=apprenticeship.consultant
        )
    return version


def _epa_day(apprenticeship, day: date, status=EpaDate.Status.BOOKED):
    attempt = GatewayAttempt.objects.filter(apprenticeship=apprenticeship).first()
    if attempt is None:
        attempt = GatewayAttempt.objects.create(
            apprenticeship=apprenticeship,
            number=1,
            status="accepted",
            started_at=NOW,
            decided_at=NOW,
            epao=apprenticeship.epao,
        )
    booking, _ = Booking.objects.get_or_create(
        apprenticeship=apprenticeship,
        attempt=attempt,
        defaults={"epao": apprenticeship.epao, "created_at": NOW},
    )
    return EpaDate.objects.create(
        booking=booking,
        activity="Observation of practice",
        day=day,
        starts_at=time(9),
        ends_at=time(11),
        location="On site",
        status=status,
        booked_by=apprenticeship.consultant,
        booked_at=NOW,
    )


@pytest.fixture
def employer_view(people):
    amara = people.amara_apprenticeship
    waiting = recorded_review(amara, held_on=date(2026, 11, 2))
    recorded_review(amara, held_on=date(2026, 8, 3), signed_by=[people.erin])
    _plan(amara, 1, signed_by_employer=True)
    _plan(amara, 2, signed_by_employer=False)
    Apprenticeship.objects.filter(pk=amara.pk).update(status=Apprenticeship.Status.GATEWAY)
    _epa_day(amara, date(2026, 12, 8))
    _epa_day(amara, date(2026, 11, 20))  # already past
    _epa_day(amara, date(2026, 12, 1), status=EpaDate.Status.MOVED)
    CaseloadSummary.objects.filter(apprenticeship=amara).update(ksbs_secure=12, ksbs_total=35)
    return people, waiting


def test_the_employer_sees_what_awaits_their_signature_and_the_days_ahead(client, employer_view):
    people, waiting = employer_view
    client.force_login(people.erin)
    response = client.get(URL)
    assert response.status_code == 200
    (amara,) = response.context["apprentices"]
    assert amara.reviews_to_sign == [waiting]
    assert amara.plan_to_sign.number == 2
    assert [d.day for d in amara.epa_dates] == [date(2026, 12, 8)]
    assert response.context["glance"].to_sign == 2
    assert response.context["glance"].next_epa_date.day == date(2026, 12, 8)
    page = response.content.decode()
    assert "Sign the progress review held on 2 Nov 2026" in page
    assert "Sign the training plan, version 2" in page
    assert "12 of 35" in page
    assert "Tuesday 8 December 2026, 09:00" in page


def test_a_plan_the_employer_signed_is_not_asked_again(client, people):
    _plan(people.amara_apprenticeship, 1, signed_by_employer=True)
    client.force_login(people.erin)
    (amara,) = client.get(URL).context["apprentices"]
    assert amara.plan_to_sign is None
    assert amara.to_sign == 0


def test_apprentices_with_something_to_sign_come_first(client, people):
    bulk_caseload(people, 3)
    recorded_review(people.amara_apprenticeship, held_on=date(2026, 11, 2))
    client.force_login(people.erin)
    names = [
        a.row.apprenticeship.apprentice.full_name for a in client.get(URL).context["apprentices"]
    ]
    assert names[0] == "Amara Example"
    assert names[1:] == sorted(names[1:])


def test_a_large_employer_pages_through_with_those_to_sign_first(client, people):
    bulk_caseload(people, EMPLOYER_PAGE_SIZE + 4)
    last_by_name = Apprenticeship.objects.get(
        apprentice__full_name__startswith="Bulk",
        pk=(
            Apprenticeship.objects.filter(apprentice__full_name__startswith="Bulk")
            .order_by("-apprentice__full_name")
            .values("pk")[:1]
        ),
    )
    Apprenticeship.objects.filter(pk=last_by_name.pk).update(epao=people.amara_apprenticeship.epao)
    last_by_name.refresh_from_db()
    recorded_review(last_by_name, held_on=date(2026, 11, 2))
    _epa_day(people.amara_apprenticeship, date(2026, 12, 8))
    client.force_login(people.erin)

    first = client.get(URL)
    shown = [a.row.apprenticeship for a in first.context["apprentices"]]
    assert len(shown) == EMPLOYER_PAGE_SIZE
    assert shown[0] == last_by_name, "the one with a review to sign leads, whatever its name"
    assert first.context["page"].paginator.count == EMPLOYER_PAGE_SIZE + 5
    assert first.context["glance"].to_sign == 1
    assert "Page 1 of 2" in first.content.decode()

    second = client.get(URL, {"page": 2})
    rest = [a.row.apprenticeship for a in second.context["apprentices"]]
    assert len(rest) == 5
    assert not set(rest) & set(shown)
    assert people.amara_apprenticeship in shown + rest
    # The glance speaks of every apprentice, whichever page is shown.
    assert second.context["glance"].to_sign == 1
    assert second.context["glance"].next_epa_date.day == date(2026, 12, 8)


def test_only_the_employer_s_own_apprentices_under_way_are_shown(client, people):
    Apprenticeship.objects.filter(pk=people.bea_apprenticeship.pk).update(
        employer=people.employer, status="withdrawn"
    )
    client.force_login(people.evan)
    assert client.get(URL).context["apprentices"] == []
    client.force_login(people.erin)
    assert [a.row.apprenticeship for a in client.get(URL).context["apprentices"]] == [
        people.amara_apprenticeship
    ]


@pytest.mark.parametrize("name", ["carl", "pat", "amara", "ian"])
def test_only_employer_contacts_have_the_page(client, people, name):
    client.force_login(getattr(people, name))
    assert client.get(URL).status_code == 403


def test_the_page_makes_the_same_number_of_queries_for_more_apprentices(client, people):
    def queries() -> int:
        client.force_login(people.erin)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    bulk_caseload(people, 5)
    few = queries()
    bulk_caseload(people, EMPLOYER_PAGE_SIZE * 3)
    assert queries() == few
