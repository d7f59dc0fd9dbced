import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.home import demo
from trellis.organisations.models import User
from trellis.safeguarding import demo as safeguarding_demo
from trellis.safeguarding.access import concerns_visible_to, notes_shared_with
from trellis.safeguarding.models import Concern, ConcernEvent, SharedNote
from trellis.safeguarding.reads import reads_of

pytestmark = pytest.mark.django_db
OTHER_PARTS = (
    "plans",
    "otj",
    "reviews",
    "qualifications",
    "mentoring",
    "cpd",
    "portfolio",
    "showcase",
    "iqa",
)
LEAD = "dsl1@northway-training.example"
Kind = ConcernEvent.Kind


@pytest.fixture
def seeded(monkeypatch, django_capture_on_commit_callbacks):
    """Seed the demo's people, apprenticeships and safeguarding concerns only."""
    for part in OTHER_PARTS:
        monkeypatch.setattr(getattr(demo, f"{part}_demo"), "demo_seed_records", lambda **_: None)
    call_command("import_ifate", verbosity=0)
    call_command("load_standards", verbosity=0)
    with django_capture_on_commit_callbacks(execute=True):
        demo.demo_seed(standards=demo.demo_standards(), today=timezone.localdate())


def _apprenticeships() -> list[Apprenticeship]:
    by_number = {
        int(a.apprentice.email.split("@")[0].removeprefix("apprentice")): a
        for a in Apprenticeship.objects.select_related("apprentice")
    }
    return [by_number[number] for number in sorted(by_number)]


def test_the_demo_has_open_and_closed_concerns_for_the_lead_only(seeded):
    """One test, as seeding the demo takes a while."""
    concerns = Concern.objects.all()
    assert concerns.count() == 6
    assert concerns.filter(status="open").count() == 4
    closed = concerns.filter(status="closed")
    assert set(closed.values_list("outcome", flat=True)) == {
        "support_arranged",
        "no_further_action",
    }

    # The lead sees every one; nobody else sees any.
    lead = User.objects.get(email=LEAD)
    assert set(concerns_visible_to(lead)) == set(concerns)
    for email in (
        "consultant1@northway-training.example",
        "consultant2@northway-training.example",
        "provideradmin1@northway-training.example",
        "employer2@meadowbank-care.example",
        "apprentice10@eastgate-college.example",
    ):
        assert not concerns_visible_to(User.objects.get(email=email)).exists(), email

    # (a) Urgent, triaged, referred with a reference: about a learner an apprentice mentors.
    mentored = concerns.get(subject="mentored_learner")
    assert mentored.is_open
    assert mentored.immediate_risk and mentored.urgency == "urgent"
    assert not mentored.awaiting_triage
    assert mentored.category == "neglect"
    assert mentored.learner_ref == "L-037"
    assert mentored.raised_by == mentored.apprenticeship.apprentice
    referral = mentored.referrals.get()
    assert referral.agency == "childrens_social_care"
    assert referral.agency_reference
    assert mentored.events.count() >= 6
    assert {Kind.RAISED, Kind.TRIAGED, Kind.CONTACT, Kind.REFERRAL, Kind.AGENCY_REFERENCE} <= set(
        mentored.events.values_list("kind", flat=True)
    )

    # (b) Mental health, high, raised by the employer, a note shared with the consultant.
    shared = SharedNote.objects.get()
    wellbeing = shared.concern
    assert wellbeing.category == "mental_health" and wellbeing.urgency == "high"
    assert wellbeing.raised_by_role == "Employer contact"
    assert shared.shared_with == wellbeing.apprenticeship.consultant
    assert shared.reason
    assert list(notes_shared_with(shared.shared_with)) == [shared]
    kinds = set(wellbeing.events.values_list("kind", flat=True))
    assert {Kind.ACTION, Kind.CONTACT, Kind.NOTE_SHARED} <= kinds

    # (c) Awaiting triage, not urgent: an apprentice about themselves.
    waiting = concerns.get(triaged_at__isnull=True)
    assert waiting.category == "bullying"
    assert waiting.urgency == "" and not waiting.immediate_risk
    assert waiting.raised_by == waiting.apprenticeship.apprentice
    assert waiting.subject == "apprentice"
    # No untriaged concern reports immediate risk: a new one goes to the top.
    assert not concerns.filter(triaged_at__isnull=True, immediate_risk=True).exists()

    # (f) Closed, then reopened.
    reopened = concerns.get(events__kind=Kind.REOPENED)
    assert reopened.is_open
    assert list(reopened.events.values_list("kind", flat=True))[:5] == [
        Kind.RAISED,
        Kind.TRIAGED,
        Kind.CONTACT,
        Kind.CLOSED,
        Kind.REOPENED,
    ]

    # Dated in the past, each chronology in the order it happened, raised first.
    now = timezone.now()
    for concern in concerns:
        assert concern.raised_at < now
        assert concern.happened_on <= timezone.localdate(concern.raised_at)
        events = list(concern.events.all())
        assert events[0].kind == Kind.RAISED
        assert events[0].occurred_at == concern.raised_at
        assert all(event.occurred_at <= event.recorded_at <= now for event in events)
        assert all(e.occurred_at >= concern.raised_at for e in events)
        if concern.closed_at:
            assert concern.raised_at < concern.closed_at < now
    ages = {(now - c.raised_at).days for c in concerns}
    assert len(ages) == 6

    # Seeding records no reads: the demo's history names no person as its author.
    assert reads_of(mentored) == []

    # The demo's own apprentices elsewhere are left alone.
    numbers = {
        int(c.apprenticeship.apprentice.email.split("@")[0].removeprefix("apprentice"))
        for c in concerns
    }
    assert numbers.isdisjoint({1, 14, *range(19, 27)})

    # Nobody was emailed about concerns the demo dates in the past.
    assert mail.outbox == []

    # Seeding the records again adds nothing.
    before = (
        Concern.objects.count(),
        ConcernEvent.objects.count(),
        SharedNote.objects.count(),
    )
    safeguarding_demo.demo_seed_records(
        apprenticeships=_apprenticeships(), today=timezone.localdate()
    )
    after = (
        Concern.objects.count(),
        ConcernEvent.objects.count(),
        SharedNote.objects.count(),
    )
    assert after == before


def test_with_few_apprenticeships_the_demo_adds_nothing(people):
    safeguarding_demo.demo_seed_records(
        apprenticeships=[people.amara_apprenticeship, people.bea_apprenticeship],
        today=timezone.localdate(),
    )
    assert not Concern.objects.exists()
