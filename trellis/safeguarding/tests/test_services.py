from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.services import assessor_assign
from trellis.gateway.services import gateway_return
from trellis.mentoring.rules import LEARNER_REF_ADVICE
from trellis.notices.models import Notice
from trellis.safeguarding import services
from trellis.safeguarding.models import (
    AgencyReferral,
    Concern,
    ConcernEvent,
    ConcernFile,
    SharedNote,
)
from trellis.safeguarding.services import (
    concern_add_entry,
    concern_close,
    concern_file_add,
    concern_raise,
    concern_refer,
    concern_reopen,
    concern_share_note,
    concern_triage,
    referral_record_reference,
)
from trellis.testing.gateway_factories import accepted, submitted
from trellis.testing.safeguarding_factories import (
    concern_details,
    other_provider_lead,
    raise_concern,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
Kind = ConcernEvent.Kind


def png(name="message.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT)
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def kinds(concern: Concern) -> list[str]:
    return list(concern.events.values_list("kind", flat=True))


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)


def earlier_today() -> datetime:
    """A moment that has passed and is on the day the test runs (the provider's day)."""
    now = timezone.localtime()
    return max(now - timedelta(minutes=5), now.replace(hour=0, minute=0, second=0))


@pytest.fixture
def concern(people):
    return raise_concern(people.amara_apprenticeship, people.carl)


def at_gateway(apprenticeship: Apprenticeship) -> Apprenticeship:
    apprenticeship.status = Apprenticeship.Status.GATEWAY
    apprenticeship.save(update_fields=["status"])
    return apprenticeship


def put_forward(people) -> Apprenticeship:
    """Submit Amara's gateway, accept it and assign Ian as her assessor: the EPAO's staff
    reach her only so."""
    booking = accepted(people.amara_apprenticeship)
    assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)
    people.amara_apprenticeship.refresh_from_db()
    return people.amara_apprenticeship


# Raising a concern


LONG = "x" * 10_001


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"category": ""}, "category", "Choose what kind of concern this is."),
        ({"category": "gossip"}, "category", "Choose what kind of concern this is."),
        ({"subject": "someone"}, "subject", "Choose who the concern is about."),
        (
            {"account": "   "},
            "account",
            "Write what was seen or said, in the person's own words where you can.",
        ),
        (
            {"account": LONG},
            "account",
            "Keep what was seen or said to 10,000 characters: it has 10,001.",
        ),
        (
            {"happened_on": timezone.localdate() + timedelta(days=1)},
            "happened_on",
            "Say when it happened: today or an earlier day, not a day in the future.",
        ),
        (
            {"action_taken": LONG},
            "action_taken",
            "Keep what has been done to 10,000 characters: it has 10,001.",
        ),
    ],
)
def test_raising_refuses_each_field_with_its_message_and_keeps_nothing(
    people, overrides, field, message
):
    with pytest.raises(ValidationError) as excinfo:
        raise_concern(people.amara_apprenticeship, people.carl, **overrides)
    assert errors_of(excinfo) == {field: [message]}
    assert not Concern.objects.exists()
    assert not ConcernEvent.objects.exists()


def test_raising_says_everything_wrong_at_once(people):
    with pytest.raises(ValidationError) as excinfo:
        raise_concern(
            people.amara_apprenticeship,
            people.carl,
            category="",
            account="",
            happened_on=timezone.localdate() + timedelta(days=3),
        )
    assert set(errors_of(excinfo)) == {"category", "account", "happened_on"}


def test_today_is_a_day_a_concern_can_be_about(people):
    concern = raise_concern(
        people.amara_apprenticeship, people.carl, happened_on=timezone.localdate()
    )
    assert concern.happened_on == timezone.localdate()


def test_a_mentored_learner_needs_a_reference(people):
    with pytest.raises(ValidationError) as excinfo:
        raise_concern(
            people.amara_apprenticeship, people.amara, subject="mentored_learner", learner_ref=""
        )
    assert errors_of(excinfo) == {
        "learner_ref": ["Give the learner's reference, such as L-014 (never their name)."]
    }


@pytest.mark.parametrize("name", ["Jane Smith", "Jane", "Jane-Smith"])
def test_a_mentored_learner_s_name_is_refused(people, name):
    with pytest.raises(ValidationError) as excinfo:
        raise_concern(
            people.amara_apprenticeship, people.amara, subject="mentored_learner", learner_ref=name
        )
    assert errors_of(excinfo) == {"learner_ref": [LEARNER_REF_ADVICE]}
    assert not Concern.objects.exists()


def test_a_mentored_learner_s_reference_is_kept_normalised(people):
    concern = raise_concern(
        people.amara_apprenticeship,
        people.amara,
        subject="mentored_learner",
        learner_ref="  l-2207 ",
    )
    concern.refresh_from_db()
    assert concern.subject == "mentored_learner"
    assert concern.learner_ref == "L-2207"


def test_a_concern_about_the_apprentice_keeps_no_learner_reference(people):
    concern = raise_concern(
        people.amara_apprenticeship, people.amara, subject="apprentice", learner_ref="L-1"
    )
    assert concern.learner_ref == ""


def test_the_concern_keeps_what_was_said_as_given(people):
    details = concern_details(
        category="self_harm",
        account="  He said “nobody would notice if I wasn't here”.  ",
        happened_at_time=time(14, 30),
        action_taken=" Stayed with him. ",
    )
    receipt = concern_raise(
        raised_by=people.carl, apprenticeship=people.amara_apprenticeship, details=details
    )
    concern = Concern.objects.get()
    assert receipt.concern == concern
    assert receipt.told_leads is True
    assert concern.provider == people.provider
    assert concern.category == "self_harm"
    assert concern.account == "He said “nobody would notice if I wasn't here”."
    assert concern.happened_at_time == time(14, 30)
    assert concern.action_taken == "Stayed with him."
    assert concern.raised_by == people.carl
    assert concern.status == "open"
    assert concern.awaiting_triage
    assert concern.no_lead_when_raised is False
    assert concern.reference == f"SG-{concern.pk:05d}"


def test_immediate_risk_makes_it_urgent_and_otherwise_it_waits_for_triage(people):
    urgent = raise_concern(people.amara_apprenticeship, people.carl, immediate_risk=True)
    waiting = raise_concern(people.amara_apprenticeship, people.carl, immediate_risk=False)
    assert urgent.urgency == "urgent"
    assert urgent.awaiting_triage
    assert waiting.urgency == ""


def test_raising_starts_the_chronology(people):
    concern = raise_concern(people.amara_apprenticeship, people.carl, immediate_risk=True)
    event = concern.events.get()
    assert event.kind == Kind.RAISED
    assert event.recorded_by == people.carl
    assert event.occurred_at == concern.raised_at
    assert (
        event.summary == "Raised by Carl Example (Training consultant), reporting immediate risk."
    )
    quiet = raise_concern(people.amara_apprenticeship, people.carl)
    assert quiet.events.get().summary == "Raised by Carl Example (Training consultant)."


@pytest.mark.parametrize(
    ("who", "label"),
    [
        ("amara", "Apprentice"),
        ("carl", "Training consultant"),
        ("erin", "Employer contact"),
        ("dina", "Safeguarding lead"),
        ("pat", "Provider admin"),
        ("quinn", "Quality lead"),
        ("ian", "Independent assessor"),
        ("ada", "EPAO admin"),
        ("mo", "Moderator"),
    ],
)
def test_the_raiser_s_role_is_kept_as_it_was_then(people, who, label):
    apprenticeship = put_forward(people)
    concern = raise_concern(apprenticeship, getattr(people, who))
    assert concern.raised_by_role == label
    assert f"({label})" in concern.events.get().summary


@pytest.mark.parametrize("who", ["evan", "bea", "cora", "paula", "otto", "ian", "ada", "mo"])
def test_raising_about_an_apprentice_you_have_no_part_in_is_refused(people, who):
    with pytest.raises(PermissionDenied):
        raise_concern(people.amara_apprenticeship, getattr(people, who))
    assert not Concern.objects.exists()


def test_another_provider_s_lead_cannot_raise_about_this_provider_s_apprentice(people):
    with pytest.raises(PermissionDenied):
        raise_concern(people.amara_apprenticeship, other_provider_lead(people.other_provider))


def test_an_assessor_can_raise_only_once_assigned_to_the_apprentice_s_assessment(people):
    apprenticeship = people.amara_apprenticeship
    at_gateway(apprenticeship)
    with pytest.raises(PermissionDenied):
        raise_concern(apprenticeship, people.ian)
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(
        status=Apprenticeship.Status.ON_PROGRAMME
    )
    booking = accepted(apprenticeship)
    with pytest.raises(PermissionDenied):
        raise_concern(apprenticeship, people.ian)
    assessor_assign(booking=booking, assigned_by=people.ada, assessor=people.ian)
    concern = raise_concern(apprenticeship, people.ian)
    assert concern.raised_by_role == "Independent assessor"
    with pytest.raises(PermissionDenied):
        raise_concern(apprenticeship, people.isla)


@pytest.mark.parametrize("who", ["ada", "mo"])
def test_epao_staff_can_raise_only_while_a_gateway_is_with_their_epao(people, who):
    person = getattr(people, who)
    apprenticeship = people.amara_apprenticeship
    at_gateway(apprenticeship)
    with pytest.raises(PermissionDenied):
        raise_concern(apprenticeship, person)
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(
        status=Apprenticeship.Status.ON_PROGRAMME
    )
    attempt = submitted(apprenticeship)
    assert raise_concern(apprenticeship, person).raised_by == person
    gateway_return(
        attempt=attempt, decided_by=people.ada, reasons={"general": "The Showcase is thin."}
    )
    with pytest.raises(PermissionDenied):
        raise_concern(apprenticeship, person)
    # Bea's apprenticeship was never put forward to the EPAO: at gateway it is still not theirs.
    with pytest.raises(PermissionDenied):
        raise_concern(at_gateway(people.bea_apprenticeship), person)


def test_an_accepted_file_is_stored_with_the_concern(people):
    concern = raise_concern(
        people.amara_apprenticeship, people.carl, upload=png("Screenshot of texts.png")
    )
    kept = ConcernFile.objects.get()
    assert kept.concern == concern
    assert kept.original_name == "Screenshot of texts.png"
    assert kept.content_type == "image/png"
    assert kept.size == len(PNG)
    assert kept.uploaded_by == people.carl
    assert len(kept.sha256) == 64
    assert kept.file.name.startswith("safeguarding/")
    assert "Screenshot" not in kept.file.name
    assert [path.read_bytes() for path in stored_files()] == [PNG]
    assert kinds(concern) == [Kind.RAISED, Kind.FILE_ADDED]


def test_a_refused_file_refuses_the_concern_and_stores_nothing(people):
    with pytest.raises(ValidationError) as excinfo:
        raise_concern(
            people.amara_apprenticeship, people.carl, upload=png(content=b"not a picture")
        )
    assert errors_of(excinfo) == {
        "file": [
            "The selected file is named .png but its content is not a .png file: save it "
            "again in that format, or give it its right name."
        ]
    }
    assert not Concern.objects.exists()
    assert not ConcernFile.objects.exists()
    assert stored_files() == []


def test_a_refused_file_is_reported_with_the_other_problems(people):
    with pytest.raises(ValidationError) as excinfo:
        raise_concern(people.amara_apprenticeship, people.carl, upload=png("notes.exe"), account="")
    assert set(errors_of(excinfo)) == {"file", "account"}


def test_a_failure_after_the_file_is_stored_leaves_neither_file_nor_concern(people, monkeypatch):
    real_event = services._event

    def failing_event(concern, kind, *args, **kwargs):
        if kind == Kind.FILE_ADDED:
            raise RuntimeError("the database went away")
        return real_event(concern, kind, *args, **kwargs)

    monkeypatch.setattr(services, "_event", failing_event)
    with pytest.raises(RuntimeError):
        raise_concern(people.amara_apprenticeship, people.carl, upload=png())
    assert not Concern.objects.exists()
    assert stored_files() == []


# Triage


def test_triage_gives_the_urgency_and_adds_the_assessment_to_the_chronology(people, concern):
    triaged = concern_triage(
        concern=concern, by=people.dina, urgency="high", assessment=" Spoke to Carl. "
    )
    concern.refresh_from_db()
    assert triaged.urgency == concern.urgency == "high"
    assert concern.triaged_by == people.dina
    assert concern.triaged_at is not None
    assert not concern.awaiting_triage
    assert concern.revision == 2
    event = concern.events.get(kind=Kind.TRIAGED)
    assert event.summary == "Triaged: high urgency. Spoke to Carl."
    assert event.recorded_by == people.dina


def test_triaging_again_changes_the_urgency_and_says_so(people, concern):
    concern_triage(concern=concern, by=people.dina, urgency="low", assessment="Not pressing.")
    concern_triage(concern=concern, by=people.dina, urgency="urgent", assessment="New facts.")
    concern.refresh_from_db()
    assert concern.urgency == "urgent"
    assert concern.revision == 3
    summaries = list(concern.events.filter(kind=Kind.TRIAGED).values_list("summary", flat=True))
    assert summaries == [
        "Triaged: low urgency. Not pressing.",
        "Triaged again: urgent urgency. New facts.",
    ]


def test_an_urgent_concern_is_still_awaiting_triage_until_triaged(people):
    concern = raise_concern(people.amara_apprenticeship, people.carl, immediate_risk=True)
    assert concern.awaiting_triage
    concern_triage(concern=concern, by=people.dina, urgency="urgent", assessment="Called 999.")
    concern.refresh_from_db()
    assert not concern.awaiting_triage


def test_triage_refuses_an_unknown_urgency_and_an_empty_assessment(people, concern):
    with pytest.raises(ValidationError) as excinfo:
        concern_triage(concern=concern, by=people.dina, urgency="soon", assessment=" ")
    assert errors_of(excinfo) == {
        "urgency": ["Choose how urgent this is: urgent, high, medium or low."],
        "assessment": ["Write your assessment of the concern."],
    }
    concern.refresh_from_db()
    assert concern.awaiting_triage
    assert concern.revision == 1


def test_a_closed_case_cannot_be_triaged(people, concern):
    concern_close(concern=concern, by=people.dina, outcome="advice_given", reason="Done.")
    with pytest.raises(ValidationError) as excinfo:
        concern_triage(concern=concern, by=people.dina, urgency="low", assessment="Late.")
    assert errors_of(excinfo) == {"concern": ["This case is closed: reopen it to triage it."]}


def test_a_closed_case_takes_no_shared_note_file_or_agency_reference(people, concern):
    referral = concern_refer(
        concern=concern,
        by=people.dina,
        agency="police",
        agency_name="West Yorkshire Police",
        referred_on=timezone.localdate(),
    )
    concern_close(concern=concern, by=people.dina, outcome="advice_given", reason="Done.")
    refusals = {
        "share a note from it": lambda: concern_share_note(
            concern=concern, by=people.dina, recipient=people.carl, note="N.", reason="R."
        ),
        "add a file": lambda: concern_file_add(concern=concern, by=people.dina, upload=png()),
        "record the agency's reference": lambda: referral_record_reference(
            referral=referral, by=people.dina, agency_reference="WYP-1"
        ),
    }
    for doing, attempt in refusals.items():
        with pytest.raises(ValidationError) as excinfo:
            attempt()
        assert errors_of(excinfo) == {"concern": [f"This case is closed: reopen it to {doing}."]}
    assert not SharedNote.objects.exists()
    assert not ConcernFile.objects.exists()
    assert stored_files() == []
    referral.refresh_from_db()
    assert referral.agency_reference == ""


# Chronology entries


def test_an_action_is_added_to_the_chronology(people, concern):
    when = earlier_today()
    event = concern_add_entry(
        concern=concern,
        by=people.dina,
        kind="action",
        occurred_at=when,
        summary=" Arranged a welfare check. ",
        contact_with="ignored",
        contact_method="phone",
    )
    assert event.kind == Kind.ACTION
    assert event.occurred_at == when
    assert event.summary == "Arranged a welfare check."
    assert event.contact_with == ""
    assert event.contact_method == ""
    assert event.recorded_by == people.dina
    concern.refresh_from_db()
    assert concern.revision == 2


def test_a_contact_says_who_and_how(people, concern):
    event = concern_add_entry(
        concern=concern,
        by=people.dina,
        kind="contact",
        occurred_at=earlier_today(),
        summary="Agreed a plan for the week.",
        contact_with=" Employer's HR manager ",
        contact_method="phone",
    )
    assert event.kind == Kind.CONTACT
    assert event.contact_with == "Employer's HR manager"
    assert event.contact_method == "phone"


def test_a_contact_without_who_or_how_is_refused(people, concern):
    with pytest.raises(ValidationError) as excinfo:
        concern_add_entry(
            concern=concern,
            by=people.dina,
            kind="contact",
            occurred_at=earlier_today(),
            summary="Rang them.",
        )
    assert errors_of(excinfo) == {
        "contact_with": ["Say who was contacted (a role or an organisation)."],
        "contact_method": ["Choose how the contact was made."],
    }
    assert kinds(concern) == [Kind.RAISED]


def test_an_entry_of_another_kind_or_with_nothing_said_is_refused(people, concern):
    with pytest.raises(ValidationError) as excinfo:
        concern_add_entry(
            concern=concern,
            by=people.dina,
            kind="closed",
            occurred_at=earlier_today(),
            summary="",
        )
    assert errors_of(excinfo) == {
        "kind": ["Choose whether this is an action taken or a contact made."],
        "summary": ["Write what happened."],
    }


def test_an_entry_in_the_future_is_refused(people, concern):
    with pytest.raises(ValidationError) as excinfo:
        concern_add_entry(
            concern=concern,
            by=people.dina,
            kind="action",
            occurred_at=timezone.now() + timedelta(hours=1),
            summary="Will call.",
        )
    assert errors_of(excinfo) == {
        "occurred_at": ["Say when it happened: it cannot be in the future."]
    }
    assert kinds(concern) == [Kind.RAISED]


def test_an_entry_before_the_day_of_the_concern_is_refused(people, concern):
    the_day = concern.happened_on
    late_the_day_before = timezone.make_aware(
        datetime.combine(the_day, time(0)) - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError) as excinfo:
        concern_add_entry(
            concern=concern,
            by=people.dina,
            kind="action",
            occurred_at=late_the_day_before,
            summary="Too early.",
        )
    assert list(errors_of(excinfo)) == ["occurred_at"]
    assert "the day the concern is about" in errors_of(excinfo)["occurred_at"][0]
    start_of_the_day = timezone.make_aware(datetime.combine(the_day, time(0)))
    concern_add_entry(
        concern=concern,
        by=people.dina,
        kind="action",
        occurred_at=start_of_the_day,
        summary="At the start of the day.",
    )


def test_an_entry_s_day_is_the_provider_s_day_whatever_zone_it_comes_in(people):
    """Half past midnight in a British summer is still the evening before in UTC."""
    today = timezone.localdate()
    summer_day = date(today.year if today.month > 7 else today.year - 1, 7, 10)
    concern = raise_concern(people.amara_apprenticeship, people.carl, happened_on=summer_day)
    half_past_midnight_bst = datetime.combine(summer_day - timedelta(days=1), time(23, 30), UTC)
    event = concern_add_entry(
        concern=concern,
        by=people.dina,
        kind="action",
        occurred_at=half_past_midnight_bst,
        summary="Called straight away.",
    )
    assert event.occurred_at == half_past_midnight_bst


def test_a_closed_case_takes_no_entries(people, concern):
    concern_close(concern=concern, by=people.dina, outcome="advice_given", reason="Done.")
    with pytest.raises(ValidationError) as excinfo:
        concern_add_entry(
            concern=concern,
            by=people.dina,
            kind="action",
            occurred_at=earlier_today(),
            summary="After closing.",
        )
    assert errors_of(excinfo) == {
        "concern": ["This case is closed: reopen it to add to its chronology."]
    }


# Referrals


def test_a_referral_is_recorded_and_its_reference_added_later(people, concern):
    referral = concern_refer(
        concern=concern,
        by=people.dina,
        agency="childrens_social_care",
        agency_name=" Leeds Children's Social Care ",
        referred_on=concern.happened_on,
        summary="Spoke to the duty social worker.",
    )
    assert referral.agency_name == "Leeds Children's Social Care"
    assert referral.agency_reference == ""
    assert referral.referred_by == people.dina
    event = concern.events.get(kind=Kind.REFERRAL)
    assert event.summary.startswith(
        "Referred to Leeds Children's Social Care (Children's social care) on "
    )
    assert "No reference from them yet. Spoke to the duty social worker." in event.summary
    assert timezone.localtime(event.occurred_at).date() == concern.happened_on

    referral_record_reference(referral=referral, by=people.dina, agency_reference=" CSC-4471 ")
    referral.refresh_from_db()
    assert referral.agency_reference == "CSC-4471"
    latest = concern.events.get(kind=Kind.AGENCY_REFERENCE)
    assert latest.summary == "Leeds Children's Social Care gave the reference CSC-4471."
    referral_record_reference(referral=referral, by=people.dina, agency_reference="CSC-4472")
    assert concern.events.filter(kind=Kind.AGENCY_REFERENCE).last().summary == (
        "Leeds Children's Social Care gave the reference CSC-4472 (it was recorded as CSC-4471)."
    )
    concern.refresh_from_db()
    assert concern.revision == 4


def test_a_referral_with_its_reference_says_it(people, concern):
    concern_refer(
        concern=concern,
        by=people.dina,
        agency="police",
        agency_name="West Yorkshire Police",
        referred_on=timezone.localdate(),
        agency_reference="WYP-99",
    )
    assert "Their reference: WYP-99." in concern.events.get(kind=Kind.REFERRAL).summary


def test_a_referral_is_refused_without_agency_or_name_or_with_a_wrong_day(people, concern):
    with pytest.raises(ValidationError) as excinfo:
        concern_refer(
            concern=concern,
            by=people.dina,
            agency="friends",
            agency_name=" ",
            referred_on=timezone.localdate() + timedelta(days=1),
        )
    assert errors_of(excinfo) == {
        "agency": ["Choose which kind of agency the concern was referred to."],
        "agency_name": ["Give the agency's name, such as “Leeds Children's Social Care”."],
        "referred_on": [
            "Give the day the referral was made: today or earlier, not a day in the future."
        ],
    }
    with pytest.raises(ValidationError) as excinfo:
        concern_refer(
            concern=concern,
            by=people.dina,
            agency="police",
            agency_name="Police",
            referred_on=concern.happened_on - timedelta(days=1),
        )
    assert list(errors_of(excinfo)) == ["referred_on"]
    assert not AgencyReferral.objects.exists()


def test_recording_an_empty_agency_reference_is_refused(people, concern):
    referral = concern_refer(
        concern=concern,
        by=people.dina,
        agency="police",
        agency_name="Police",
        referred_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as excinfo:
        referral_record_reference(referral=referral, by=people.dina, agency_reference=" ")
    assert errors_of(excinfo) == {"agency_reference": ["Give the reference the agency gave you."]}


# Sharing a note


@pytest.mark.parametrize("who", ["erin", "carl"])
def test_a_note_is_shared_with_the_consultant_or_an_employer_contact_who_is_told_once(
    people, concern, who, django_capture_on_commit_callbacks
):
    recipient = getattr(people, who)
    with django_capture_on_commit_callbacks(execute=True):
        shared = concern_share_note(
            concern=concern,
            by=people.dina,
            recipient=recipient,
            note=" Amara may need time off next week. ",
            reason=" So that her hours can be adjusted. ",
        )
    assert shared.shared_with == recipient
    assert shared.note == "Amara may need time off next week."
    assert shared.reason == "So that her hours can be adjusted."
    assert shared.shared_by == people.dina
    event = concern.events.get(kind=Kind.NOTE_SHARED)
    assert "Why: So that her hours can be adjusted." in event.summary
    assert f"Note shared with {recipient.full_name}" in event.summary
    notice = Notice.objects.get()
    assert notice.recipient == recipient
    assert notice.title == "A safeguarding lead shared a note about Amara Example with you"
    assert notice.url == reverse("safeguarding:shared_note", args=[shared.pk])
    assert "hours" not in notice.title + notice.body


@pytest.mark.parametrize("who", ["evan", "pat", "quinn", "amara", "dina"])
def test_a_note_cannot_be_shared_with_anyone_else(
    people, concern, who, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as e:
        concern_share_note(
            concern=concern,
            by=people.dina,
            recipient=getattr(people, who),
            note="A note.",
            reason="A reason.",
        )
    assert errors_of(e) == {
        "shared_with": [
            "Share a note only with the apprentice's training consultant or one of their "
            "employer's contacts."
        ]
    }
    assert not SharedNote.objects.exists()
    assert not Notice.objects.exists()


def test_a_shared_note_needs_the_note_and_the_reason(people, concern):
    with pytest.raises(ValidationError) as excinfo:
        concern_share_note(
            concern=concern, by=people.dina, recipient=people.erin, note="", reason=""
        )
    assert errors_of(excinfo) == {
        "note": ["Write the note to share."],
        "reason": ["Write why they need to know."],
    }


# Files


def test_the_lead_adds_a_file(people, concern):
    kept = concern_file_add(concern=concern, by=people.dina, upload=png("referral form.png"))
    assert kept.uploaded_by == people.dina
    assert concern.events.get(kind=Kind.FILE_ADDED).summary == "“referral form.png” added."
    assert len(stored_files()) == 1


def test_a_refused_file_is_not_added(people, concern):
    with pytest.raises(ValidationError) as excinfo:
        concern_file_add(concern=concern, by=people.dina, upload=png("empty.png", b""))
    assert list(errors_of(excinfo)) == ["file"]
    assert not ConcernFile.objects.exists()
    assert stored_files() == []


# Closing and reopening


def test_closing_needs_an_outcome_and_a_reason(people, concern):
    with pytest.raises(ValidationError) as excinfo:
        concern_close(concern=concern, by=people.dina, outcome="", reason=" ")
    assert errors_of(excinfo) == {
        "outcome": ["Choose the outcome."],
        "reason": ["Write why the case can close."],
    }
    concern.refresh_from_db()
    assert concern.is_open


def test_closing_then_reopening_keeps_both_in_the_chronology_in_order(people, concern):
    closed = concern_close(
        concern=concern,
        by=people.dina,
        outcome="support_arranged",
        reason=" Counselling arranged. ",
    )
    assert closed.status == "closed"
    assert closed.outcome == "support_arranged"
    assert closed.closure_reason == "Counselling arranged."
    assert closed.closed_by == people.dina
    assert closed.closed_at is not None
    with pytest.raises(ValidationError) as excinfo:
        concern_close(concern=concern, by=people.dina, outcome="other", reason="Again.")
    assert errors_of(excinfo) == {"concern": ["This case is already closed."]}

    with pytest.raises(ValidationError) as excinfo:
        concern_reopen(concern=concern, by=people.dina, reason="  ")
    assert errors_of(excinfo) == {"reason": ["Write why the case reopens."]}

    reopened = concern_reopen(concern=concern, by=people.dina, reason=" She raised it again. ")
    assert reopened.is_open
    assert reopened.outcome == ""
    assert reopened.closure_reason == ""
    assert reopened.closed_at is None
    assert reopened.closed_by is None
    with pytest.raises(ValidationError) as excinfo:
        concern_reopen(concern=concern, by=people.dina, reason="Again.")
    assert errors_of(excinfo) == {"concern": ["This case is open already."]}

    events = list(concern.events.values_list("kind", "summary"))
    assert events == [
        (Kind.RAISED, "Raised by Carl Example (Training consultant)."),
        (
            Kind.CLOSED,
            "Closed. Outcome: Support arranged by the provider or employer. "
            "Why: Counselling arranged.",
        ),
        (Kind.REOPENED, "Reopened. Why: She raised it again."),
    ]
    concern.refresh_from_db()
    assert concern.revision == 3


def test_a_case_can_close_again_after_reopening(people, concern):
    concern_close(concern=concern, by=people.dina, outcome="advice_given", reason="Advice.")
    concern_reopen(concern=concern, by=people.dina, reason="More came to light.")
    concern_close(concern=concern, by=people.dina, outcome="no_further_action", reason="Done.")
    concern.refresh_from_db()
    assert concern.outcome == "no_further_action"
    assert kinds(concern) == [Kind.RAISED, Kind.CLOSED, Kind.REOPENED, Kind.CLOSED]


def test_a_change_made_since_the_page_was_opened_is_refused(people, concern):
    opened_at = concern.revision
    concern_triage(concern=concern, by=people.dina, urgency="low", assessment="First look.")
    conflict = {
        "revision": [
            "Someone else has changed this case since you opened it. Reload the page to see "
            "their change, then try again."
        ]
    }
    with pytest.raises(ValidationError) as excinfo:
        concern_triage(
            concern=concern,
            by=people.dina,
            urgency="high",
            assessment="Second look.",
            revision=opened_at,
        )
    assert errors_of(excinfo) == conflict
    with pytest.raises(ValidationError) as excinfo:
        concern_close(
            concern=concern,
            by=people.dina,
            outcome="advice_given",
            reason="Done.",
            revision=opened_at,
        )
    assert errors_of(excinfo) == conflict
    concern.refresh_from_db()
    assert concern.urgency == "low"
    assert concern.is_open
    current = concern.revision
    concern_close(
        concern=concern, by=people.dina, outcome="advice_given", reason="Done.", revision=current
    )
    with pytest.raises(ValidationError) as excinfo:
        concern_reopen(concern=concern, by=people.dina, reason="Again.", revision=current)
    assert errors_of(excinfo) == conflict


# Only the provider's safeguarding lead does casework


def _casework(concern: Concern, referral: AgencyReferral, people) -> dict:
    when = earlier_today()
    return {
        "triage": lambda by: concern_triage(
            concern=concern, by=by, urgency="low", assessment="Mine now."
        ),
        "action": lambda by: concern_add_entry(
            concern=concern, by=by, kind="action", occurred_at=when, summary="Did a thing."
        ),
        "contact": lambda by: concern_add_entry(
            concern=concern,
            by=by,
            kind="contact",
            occurred_at=when,
            summary="Rang.",
            contact_with="Police",
            contact_method="phone",
        ),
        "refer": lambda by: concern_refer(
            concern=concern,
            by=by,
            agency="police",
            agency_name="Police",
            referred_on=timezone.localdate(),
        ),
        "reference": lambda by: referral_record_reference(
            referral=referral, by=by, agency_reference="X-1"
        ),
        "share": lambda by: concern_share_note(
            concern=concern, by=by, recipient=people.erin, note="N.", reason="R."
        ),
        "file": lambda by: concern_file_add(concern=concern, by=by, upload=png()),
        "close": lambda by: concern_close(
            concern=concern, by=by, outcome="other", reason="Closing it."
        ),
    }


def _state(concern: Concern) -> tuple:
    concern.refresh_from_db()
    return (
        concern.revision,
        concern.status,
        concern.urgency,
        concern.events.count(),
        AgencyReferral.objects.count(),
        AgencyReferral.objects.exclude(agency_reference="").count(),
        SharedNote.objects.count(),
        ConcernFile.objects.count(),
        Notice.objects.count(),
        len(stored_files()),
    )


@pytest.mark.parametrize("who", ["carl", "pat", "quinn", "erin", "amara", "other provider's lead"])
def test_casework_by_anyone_but_the_provider_s_lead_is_told_there_is_no_such_concern(
    people, concern, who, django_capture_on_commit_callbacks
):
    user = (
        other_provider_lead(people.other_provider)
        if who == "other provider's lead"
        else getattr(people, who)
    )
    referral = concern_refer(
        concern=concern,
        by=people.dina,
        agency="police",
        agency_name="Police",
        referred_on=timezone.localdate(),
    )
    before = _state(concern)
    with django_capture_on_commit_callbacks(execute=True):
        for name, call in _casework(concern, referral, people).items():
            with pytest.raises(Http404):
                call(user)
            assert _state(concern) == before, name
    closed = concern_close(concern=concern, by=people.dina, outcome="other", reason="Closed.")
    before = _state(closed)
    with pytest.raises(Http404):
        concern_reopen(concern=closed, by=user, reason="Reopening.")
    assert _state(closed) == before


def test_the_provider_s_lead_can_do_each_piece_of_casework(
    people, concern, django_capture_on_commit_callbacks
):
    referral = concern_refer(
        concern=concern,
        by=people.dina,
        agency="police",
        agency_name="Police",
        referred_on=timezone.localdate(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        for call in _casework(concern, referral, people).values():
            call(people.dina)
    concern_reopen(concern=concern, by=people.dina, reason="Reopening.")
    assert kinds(concern)[-1] == Kind.REOPENED


def test_a_referral_dated_the_day_the_concern_was_raised_comes_after_the_raising(people):
    concern = raise_concern(
        people.amara_apprenticeship, people.carl, happened_on=timezone.localdate() - timedelta(5)
    )
    raised_late = timezone.make_aware(datetime.combine(yesterday(), time(16, 45)))
    Concern.objects.filter(pk=concern.pk).update(raised_at=raised_late)
    concern.events.update(occurred_at=raised_late, recorded_at=raised_late)
    concern.refresh_from_db()
    concern_refer(
        concern=concern,
        by=people.dina,
        agency="police",
        agency_name="Police",
        referred_on=yesterday(),
    )
    assert kinds(concern) == [Kind.RAISED, Kind.REFERRAL]
    assert concern.events.get(kind=Kind.REFERRAL).occurred_at == raised_late
    earlier_day = timezone.localdate() - timedelta(3)
    concern_refer(
        concern=concern,
        by=people.dina,
        agency="health",
        agency_name="GP",
        referred_on=earlier_day,
    )
    referral_event = concern.events.get(summary__startswith="Referred to GP")
    assert referral_event.occurred_at == timezone.make_aware(
        datetime.combine(earlier_day, time(12))
    )
