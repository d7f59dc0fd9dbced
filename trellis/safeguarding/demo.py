"""Demo safeguarding concerns: open and closed cases for the safeguarding lead to work on.

Three are open: an urgent one about a learner an apprentice mentors, triaged and referred to
children's social care; a mental-health concern the employer raised, with a note shared with
the apprentice's consultant; and a new one still awaiting triage. Three are closed, one of
them reopened since. None is left untriaged with an immediate risk: a new urgent concern
raised in the demo goes to the top of the lead's dashboard.

Each is made through the services, so that the chronology is the one the lead would have
recorded; the services stamp the moment they run, so the demo then dates each step back to
the day it stands for. Nobody is emailed: these concerns were raised in the past. Nor are
reads recorded: the demo's history names no person as its author, so the lead's "who has
read this case" fills as the demo is used.
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.mentoring.demo import learner_refs
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.safeguarding.models import (
    AgencyReferral,
    Concern,
    ConcernEvent,
    SharedNote,
)
from trellis.safeguarding.services import (
    ConcernDetails,
    concern_add_entry,
    concern_close,
    concern_raise,
    concern_refer,
    concern_reopen,
    concern_share_note,
    concern_triage,
    referral_record_reference,
)

DEMO_LEAD = "dsl1@northway-training.example"
Category = Concern.Category


class _Case:
    """One demo concern, with each step dated back to the day it stands for."""

    def __init__(self, concern: Concern, *, lead: User, today: date) -> None:
        self.concern = concern
        self.lead = lead
        self.today = today

    def at(self, days_ago: int, hour: int, minute: int = 0) -> datetime:
        day = self.today - timedelta(days=days_ago)
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def _date_last_event(self, moment: datetime, *, occurred: bool = True) -> None:
        event = self.concern.events.order_by("-pk").first()
        fields = {"recorded_at": moment}
        if occurred:
            fields["occurred_at"] = moment
        ConcernEvent.objects.filter(pk=event.pk).update(**fields)

    def raised(self, moment: datetime) -> "_Case":
        Concern.objects.filter(pk=self.concern.pk).update(raised_at=moment)
        self.concern.events.filter(kind=ConcernEvent.Kind.RAISED).update(
            occurred_at=moment, recorded_at=moment
        )
        return self

    def triage(self, moment: datetime, urgency: str, assessment: str) -> "_Case":
        concern_triage(concern=self.concern, by=self.lead, urgency=urgency, assessment=assessment)
        Concern.objects.filter(pk=self.concern.pk).update(triaged_at=moment)
        self._date_last_event(moment)
        return self

    def entry(
        self,
        moment: datetime,
        summary: str,
        *,
        contact_with: str = "",
        contact_method: str = "",
    ) -> "_Case":
        concern_add_entry(
            concern=self.concern,
            by=self.lead,
            kind=ConcernEvent.Kind.CONTACT if contact_with else ConcernEvent.Kind.ACTION,
            occurred_at=moment,
            summary=summary,
            contact_with=contact_with,
            contact_method=contact_method,
        )
        self._date_last_event(moment + timedelta(minutes=20), occurred=False)
        return self

    def refer(self, days_ago: int, agency: str, agency_name: str, summary: str) -> AgencyReferral:
        moment = self.at(days_ago, 17)
        referral = concern_refer(
            concern=self.concern,
            by=self.lead,
            agency=agency,
            agency_name=agency_name,
            referred_on=moment.date(),
            summary=summary,
        )
        AgencyReferral.objects.filter(pk=referral.pk).update(recorded_at=moment)
        self._date_last_event(moment)
        return referral

    def reference(self, referral: AgencyReferral, moment: datetime, reference: str) -> "_Case":
        referral_record_reference(referral=referral, by=self.lead, agency_reference=reference)
        self._date_last_event(moment)
        return self

    def share(self, moment: datetime, recipient: User, note: str, reason: str) -> "_Case":
        shared = concern_share_note(
            concern=self.concern, by=self.lead, recipient=recipient, note=note, reason=reason
        )
        SharedNote.objects.filter(pk=shared.pk).update(shared_at=moment)
        self._date_last_event(moment)
        return self

    def close(self, moment: datetime, outcome: str, reason: str) -> "_Case":
        concern_close(concern=self.concern, by=self.lead, outcome=outcome, reason=reason)
        Concern.objects.filter(pk=self.concern.pk).update(closed_at=moment)
        self._date_last_event(moment)
        return self

    def reopen(self, moment: datetime, reason: str) -> "_Case":
        concern_reopen(concern=self.concern, by=self.lead, reason=reason)
        self._date_last_event(moment)
        return self


def _raise(
    apprenticeship: Apprenticeship,
    raised_by: User,
    *,
    lead: User,
    today: date,
    days_ago: int,
    hour: int,
    **details,
) -> _Case:
    details.setdefault("happened_on", today - timedelta(days=days_ago))
    receipt = concern_raise(
        raised_by=raised_by,
        apprenticeship=apprenticeship,
        details=ConcernDetails(**details),
        notify_on_commit=False,
    )
    case = _Case(receipt.concern, lead=lead, today=today)
    return case.raised(case.at(days_ago, hour))


def _employer_contact(apprenticeship: Apprenticeship) -> User | None:
    return (
        User.objects.filter(
            memberships__organisation=apprenticeship.employer_id,
            memberships__role=Role.EMPLOYER_CONTACT,
        )
        .order_by("pk")
        .first()
    )


def _lead(provider_id: int) -> User | None:
    leads = User.objects.filter(
        memberships__organisation_id=provider_id, memberships__role=Role.SAFEGUARDING_LEAD
    )
    return leads.filter(email=DEMO_LEAD).first() or leads.order_by("pk").first()


def _numbered(apprenticeships: Sequence[Apprenticeship]) -> dict[int, Apprenticeship]:
    return dict(enumerate(apprenticeships, start=1))


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add the demo concerns, once: with any concern at the provider already, nothing."""
    if len(apprenticeships) < 12:
        return
    provider_id = apprenticeships[0].provider_id
    lead = _lead(provider_id)
    if lead is None or Concern.objects.filter(provider_id=provider_id).exists():
        return
    numbered = _numbered(apprenticeships)
    _mentored_learner_referred(numbered[10], lead=lead, today=today)
    _mental_health_shared(numbered[8], lead=lead, today=today)
    _awaiting_triage(numbered[5], lead=lead, today=today)
    _closed_support_arranged(numbered[3], lead=lead, today=today)
    _closed_no_further_action(numbered[12], lead=lead, today=today)
    _closed_and_reopened(numbered[9], lead=lead, today=today)


def _mentored_learner_referred(apprenticeship: Apprenticeship, *, lead: User, today: date) -> None:
    """(a) Open and urgent: raised by the apprentice about a learner they mentor; referred."""
    case = _raise(
        apprenticeship,
        apprenticeship.apprentice,
        lead=lead,
        today=today,
        days_ago=12,
        hour=16,
        subject=Concern.Subject.MENTORED_LEARNER,
        learner_ref=learner_refs(10)[0],
        category=Category.NEGLECT,
        happened_at_time=time(15, 10),
        immediate_risk=True,
        account=(
            "At the end of our session he said “there's been no food at home since the "
            "weekend, mum's not been back” and asked if he could take the biscuits home for "
            "his little sister. He was wearing the same clothes as last week and said he "
            "didn't want to go home tonight."
        ),
        action_taken=(
            "Got him something to eat from the canteen and stayed with him in the learning "
            "centre. Told the college's duty safeguarding officer straight away."
        ),
    )
    case.triage(
        case.at(12, 16, 25),
        "urgent",
        "A 16-year-old learner with a younger sibling, possibly left without an adult at "
        "home. Needs children's social care today.",
    )
    case.entry(
        case.at(12, 16, 40),
        "Agreed that the college keeps him on site with a member of staff until social care "
        "calls back.",
        contact_with="Eastgate College designated safeguarding lead",
        contact_method="phone",
    )
    referral = case.refer(
        12,
        "childrens_social_care",
        "Ashworth Children's Social Care",
        "Referral made by phone to the duty team, followed by the online form.",
    )
    case.reference(referral, case.at(11, 9, 30), "CSC-2611-0417")
    case.entry(
        case.at(11, 10, 15),
        "Spoke to the apprentice about how they are after the disclosure; reminded them of "
        "the support on offer and that they did the right thing.",
    )
    case.entry(
        case.at(8, 14),
        "Social worker confirms a home visit took place and the children are staying with "
        "their grandmother while an assessment is done.",
        contact_with="Allocated social worker, Ashworth Children's Social Care",
        contact_method="email",
    )


def _mental_health_shared(apprenticeship: Apprenticeship, *, lead: User, today: date) -> None:
    """(b) Open, high: raised by the employer about the apprentice; a note shared."""
    contact = _employer_contact(apprenticeship)
    if contact is None:
        return
    case = _raise(
        apprenticeship,
        contact,
        lead=lead,
        today=today,
        days_ago=9,
        hour=11,
        category=Category.MENTAL_HEALTH,
        immediate_risk=False,
        account=(
            "Over the last month he has missed four shifts without calling in. Today he told "
            "me “I can't sleep, I can't think straight, I feel like I'm letting everyone "
            "down” and became tearful in the staff room."
        ),
        action_taken="Sent him home to rest with pay and gave him the employee assistance "
        "line number.",
    )
    case.triage(
        case.at(9, 13),
        "high",
        "Low mood affecting work and sleep, no reported thoughts of self-harm. Needs a call "
        "today and support this week.",
    )
    case.entry(
        case.at(9, 14, 30),
        "Called the apprentice. He agreed to see his GP and is happy for his consultant to "
        "know he needs a lighter few weeks.",
        contact_with="The apprentice",
        contact_method="phone",
    )
    case.entry(
        case.at(7, 10),
        "Sent the apprentice the details of the provider's counselling service and the "
        "Samaritans; he has booked a first session.",
    )
    if apprenticeship.consultant is not None:
        case.share(
            case.at(7, 11),
            apprenticeship.consultant,
            "He is getting support for his well-being and has agreed to a lighter few weeks. "
            "Please move his next review back a fortnight and keep off-the-job targets "
            "flexible until then.",
            "His consultant plans his reviews and off-the-job hours and needs to adjust them.",
        )
    case.entry(case.at(2, 9, 30), "Checked in by email: GP appointment done, feeling steadier.")


def _awaiting_triage(apprenticeship: Apprenticeship, *, lead: User, today: date) -> None:
    """(c) Open, awaiting triage: raised by the apprentice about themselves."""
    _raise(
        apprenticeship,
        apprenticeship.apprentice,
        lead=lead,
        today=today,
        days_ago=1,
        hour=18,
        happened_on=today - timedelta(days=2),
        category=Category.BULLYING,
        immediate_risk=False,
        account=(
            "A colleague on my shift keeps making comments about my accent in front of the "
            "residents and has started leaving me out of the rota group chat, so I miss "
            "shift changes. Yesterday she said “people like you shouldn't be doing this job”."
        ),
        action_taken="I have not told my manager yet because she is friends with her.",
    )


def _closed_support_arranged(apprenticeship: Apprenticeship, *, lead: User, today: date) -> None:
    """(d) Closed: support arranged."""
    case = _raise(
        apprenticeship,
        apprenticeship.consultant or apprenticeship.apprentice,
        lead=lead,
        today=today,
        days_ago=40,
        hour=12,
        category=Category.OTHER,
        immediate_risk=False,
        account=(
            "In our review she said her landlord has given her notice and “I might be sofa "
            "surfing by next month, I don't know how I'll keep coming to work”."
        ),
        action_taken="Told her I would ask the safeguarding lead about the help available.",
    )
    case.triage(case.at(40, 15), "medium", "Risk of homelessness; no immediate danger.")
    case.entry(
        case.at(39, 10),
        "Housing options appointment arranged with the council; hardship fund application "
        "made for a deposit.",
        contact_with="Local council housing options team",
        contact_method="phone",
    )
    case.entry(case.at(25, 11), "Hardship fund paid the deposit on a new room.")
    case.close(
        case.at(21, 16),
        Concern.Outcome.SUPPORT_ARRANGED,
        "She has moved into a new room with a six-month tenancy and is attending as usual.",
    )


def _closed_no_further_action(apprenticeship: Apprenticeship, *, lead: User, today: date) -> None:
    """(e) Closed: no further action."""
    case = _raise(
        apprenticeship,
        apprenticeship.consultant or apprenticeship.apprentice,
        lead=lead,
        today=today,
        days_ago=60,
        hour=10,
        category=Category.RADICALISATION,
        immediate_risk=False,
        account=(
            "He shared a video in the cohort's group chat that others said was extremist. He "
            "removed it when asked and said “it was just the news, I didn't watch it all”."
        ),
    )
    case.triage(case.at(60, 14), "medium", "Check the video and talk to him before anything else.")
    case.entry(
        case.at(59, 11),
        "Watched the video: a mainstream news report on a protest. Talked with him about "
        "sharing in group chats; he understood and was not troubled.",
        contact_with="The apprentice",
        contact_method="in_person",
    )
    case.close(
        case.at(59, 12),
        Concern.Outcome.NO_FURTHER_ACTION,
        "The video was a news report; no sign of radicalisation. No referral to Prevent needed.",
    )


def _closed_and_reopened(apprenticeship: Apprenticeship, *, lead: User, today: date) -> None:
    """(f) Closed, then reopened when more came to light."""
    case = _raise(
        apprenticeship,
        apprenticeship.consultant or apprenticeship.apprentice,
        lead=lead,
        today=today,
        days_ago=35,
        hour=14,
        category=Category.SELF_HARM,
        immediate_risk=False,
        account=(
            "During a video call I saw marks on her forearm. When I asked, she said “it's "
            "old, I don't do that any more” and changed the subject."
        ),
        action_taken="Said I was glad she felt able to tell me and that I'd pass it on.",
    )
    case.triage(case.at(35, 16), "high", "Past self-harm disclosed; check current support.")
    case.entry(
        case.at(34, 10),
        "Talked with her: she is under the care of her GP and has a counsellor. Agreed to "
        "check in in two weeks.",
        contact_with="The apprentice",
        contact_method="video",
    )
    case.close(
        case.at(20, 12),
        Concern.Outcome.ADVICE_GIVEN,
        "Support in place through her GP and counsellor; she knows how to reach us.",
    )
    case.reopen(
        case.at(6, 9),
        "Her consultant says she has missed two sessions and told him things are bad again.",
    )
    case.triage(
        case.at(6, 9, 15),
        "high",
        "Reopened: recent disclosure of low mood and missed sessions. Call her today.",
    )
    case.entry(
        case.at(6, 11),
        "She agreed that we tell her GP; the GP practice will see her this week.",
        contact_with="The apprentice's GP practice",
        contact_method="phone",
    )
