from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from trellis.apprenticeships.access import get_apprenticeship_for_user
from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking
from trellis.gateway.access import attempts_for_epao, get_attempt_for_epao
from trellis.gateway.models import Declaration, GatewayAttempt, Override, ReturnReason
from trellis.gateway.selectors import readiness_for, requirement_specs
from trellis.gateway.services import (
    gateway_accept,
    gateway_declare,
    gateway_override,
    gateway_return,
    gateway_submit,
)
from trellis.notices.models import Notice
from trellis.organisations.models import Membership, Organisation
from trellis.otj.models import OtjKind
from trellis.otj.services import OtjEntryDetails, otj_entry_log
from trellis.qualifications.models import SafeguardingQualification
from trellis.reviews.models import ProgressReview
from trellis.showcase.models import ShowcaseSection, ShowcaseSnapshot
from trellis.showcase.services import FROZEN_MESSAGE, can_write, showcase_section_save
from trellis.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from trellis.testing.gateway_factories import (
    accepted,
    employer_contact,
    make_ready,
    signed_off,
    submitted,
)

pytestmark = pytest.mark.django_db

REASON = "The certificate is held by the employer and was seen at the last review."


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC), tick=False)


@pytest.fixture
def amaras(people):
    return people.amara_apprenticeship


def message_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def declare(apprenticeship, person):
    return gateway_declare(apprenticeship=apprenticeship, declared_by=person)


def title_of(apprenticeship, code: str) -> str:
    return next(spec.title for spec in requirement_specs(apprenticeship) if spec.code == code)


def without_safeguarding(apprenticeship) -> None:
    SafeguardingQualification.objects.filter(apprenticeship=apprenticeship).delete()


# --- Declarations -----------------------------------------------------------------------------


def test_the_sign_off_goes_consultant_apprentice_employer(people, amaras):
    make_ready(amaras)
    with pytest.raises(ValidationError) as refused:
        declare(amaras, people.amara)
    assert "the training consultant declares next" in message_of(refused)

    declare(amaras, people.carl)
    with pytest.raises(ValidationError) as refused:
        declare(amaras, people.erin)
    assert "the apprentice declares next, before the employer contact" in message_of(refused)
    with pytest.raises(ValidationError) as refused:
        declare(amaras, people.carl)
    assert "already declared" in message_of(refused)

    declare(amaras, people.amara)
    last = declare(amaras, people.erin)
    parties = list(last.attempt.declarations.order_by("declared_at", "pk").values_list("party"))
    assert parties == [("consultant",), ("apprentice",), ("employer",)]
    assert last.statement.startswith("On behalf of Riverside College, I declare that Amara")
    assert last.attempt.number == 1
    assert last.attempt.status == GatewayAttempt.Status.PREPARING


def test_no_one_declares_while_a_requirement_is_unmet(people, amaras):
    with pytest.raises(ValidationError) as refused:
        declare(amaras, people.carl)
    assert "Every requirement must be met before the sign-off" in message_of(refused)
    assert not Declaration.objects.exists()


@pytest.mark.parametrize("name", ["pat", "dina", "ada", "paula"])
def test_only_the_three_parties_declare(people, amaras, name):
    make_ready(amaras)
    with pytest.raises(ValidationError) as refused:
        declare(amaras, getattr(people, name))
    assert "Only the apprentice, their training consultant" in message_of(refused)


# --- Overrides --------------------------------------------------------------------------------


def test_a_provider_admin_overrides_an_unmet_requirement_and_the_sign_off_may_go_on(people, amaras):
    make_ready(amaras)
    without_safeguarding(amaras)
    override = gateway_override(
        apprenticeship=amaras,
        requirement_code="safeguarding-l1",
        reason=REASON,
        overridden_by=people.pat,
    )
    assert override.requirement_title == title_of(amaras, "safeguarding-l1")
    assert override.reason == REASON
    assert override.overridden_by == people.pat
    state = readiness_for(amaras, today=timezone.localdate())
    check = next(check for check in state.checks if check.code == "safeguarding-l1")
    assert (check.met, check.satisfied, check.override_reason) == (False, True, REASON)
    assert declare(amaras, people.carl).attempt == override.attempt


def test_a_consultant_cannot_override(people, amaras):
    make_ready(amaras)
    without_safeguarding(amaras)
    with pytest.raises(PermissionDenied):
        gateway_override(
            apprenticeship=amaras,
            requirement_code="safeguarding-l1",
            reason=REASON,
            overridden_by=people.carl,
        )
    assert not Override.objects.exists()


def test_an_override_comes_before_any_declaration(people, amaras):
    make_ready(amaras)
    declare(amaras, people.carl)
    without_safeguarding(amaras)
    with pytest.raises(ValidationError) as refused:
        gateway_override(
            apprenticeship=amaras,
            requirement_code="safeguarding-l1",
            reason=REASON,
            overridden_by=people.pat,
        )
    assert "The sign-off has begun" in message_of(refused)


def test_a_second_requirement_cannot_be_overridden(people, amaras):
    make_ready(amaras)
    without_safeguarding(amaras)
    ProgressReview.objects.filter(apprenticeship=amaras).delete()
    gateway_override(
        apprenticeship=amaras,
        requirement_code="safeguarding-l1",
        reason=REASON,
        overridden_by=people.pat,
    )
    with pytest.raises(ValidationError) as refused:
        gateway_override(
            apprenticeship=amaras,
            requirement_code="reviews-up-to-date",
            reason=REASON,
            overridden_by=people.pat,
        )
    assert "Only one requirement may be overridden" in " ".join(
        refused.value.message_dict["requirement"]
    )
    assert list(Override.objects.values_list("requirement_code", flat=True)) == ["safeguarding-l1"]


@pytest.mark.parametrize(
    ("code", "reason", "field", "words"),
    [
        ("ready", REASON, "requirement", "cannot be overridden"),
        ("first-aid", REASON, "requirement", "no such requirement"),
        ("epao-named", REASON, "requirement", "is met, so it needs no override"),
        ("safeguarding-l1", "Seen it, all fine.", "reason", "in at least 20 characters"),
    ],
)
def test_overrides_refused(people, amaras, code, reason, field, words):
    make_ready(amaras)
    without_safeguarding(amaras)
    with pytest.raises(ValidationError) as refused:
        gateway_override(
            apprenticeship=amaras, requirement_code=code, reason=reason, overridden_by=people.pat
        )
    assert words in " ".join(refused.value.message_dict[field])


# --- Submission -------------------------------------------------------------------------------


def test_submission_needs_all_three_declarations(people, amaras):
    make_ready(amaras)
    with pytest.raises(ValidationError) as refused:
        gateway_submit(apprenticeship=amaras, submitted_by=people.carl)
    assert "Nobody has declared" in message_of(refused)
    declare(amaras, people.carl)
    declare(amaras, people.amara)
    with pytest.raises(ValidationError) as refused:
        gateway_submit(apprenticeship=amaras, submitted_by=people.carl)
    assert "the employer contact still has to declare" in message_of(refused)
    amaras.refresh_from_db()
    assert amaras.status == Apprenticeship.Status.ON_PROGRAMME


def test_submission_is_refused_when_a_requirement_stops_being_met_after_the_sign_off(
    people, amaras
):
    signed_off(amaras)
    today = timezone.localdate()
    ProgressReview.objects.filter(apprenticeship=amaras).update(
        held_on=today - timedelta(days=150), next_review_date=today - timedelta(days=90)
    )
    with pytest.raises(ValidationError) as refused:
        gateway_submit(apprenticeship=amaras, submitted_by=people.carl)
    assert "Since the sign-off, these requirements are no longer met" in message_of(refused)
    assert title_of(amaras, "reviews-up-to-date") in message_of(refused)
    assert not ShowcaseSnapshot.objects.exists()


@pytest.mark.parametrize("name", ["amara", "erin", "ada", "quinn"])
def test_only_the_consultant_or_a_provider_admin_submits(people, amaras, name):
    signed_off(amaras)
    with pytest.raises(PermissionDenied):
        gateway_submit(apprenticeship=amaras, submitted_by=getattr(people, name))


def test_a_provider_admin_may_submit(people, amaras):
    signed_off(amaras)
    attempt = gateway_submit(apprenticeship=amaras, submitted_by=people.pat)
    assert attempt.submitted_by == people.pat


def test_submission_freezes_the_checklist_the_showcase_and_the_hours(people, amaras):
    signed_off(amaras)
    today = timezone.localdate()
    before = otj_entry_log(
        apprenticeship=amaras,
        logged_by=people.amara,
        details=OtjEntryDetails(
            date=today, kind=OtjKind.WORKSHOP, description="Workshop", duration_minutes=60
        ),
    )
    assert before.pk is not None

    attempt = gateway_submit(apprenticeship=amaras, submitted_by=people.carl)

    assert attempt.status == GatewayAttempt.Status.SUBMITTED
    assert attempt.epao == people.epao
    assert attempt.submitted_at == timezone.now()
    codes = [row["code"] for row in attempt.checklist]
    assert "ready" in codes
    assert {"ksbs-evidenced", "showcase", "otj-hours", "epao-named"} <= set(codes)
    assert all(row["met"] for row in attempt.checklist)
    assert attempt.showcase_snapshot == ShowcaseSnapshot.objects.get()
    amaras.refresh_from_db()
    assert amaras.status == Apprenticeship.Status.GATEWAY
    assert amaras.gateway_date == today

    section = ShowcaseSection.objects.filter(showcase__apprenticeship=amaras).first()
    with pytest.raises(PermissionDenied) as refused:
        showcase_section_save(
            apprenticeship=amaras,
            key=section.key,
            narrative="A late change.",
            evidence=[],
            revision=section.revision,
            saved_by=people.amara,
        )
    assert str(refused.value) == FROZEN_MESSAGE

    # Time from before the submission is refused too: the EPAO has the hours as they stood.
    for day in (today, today - timedelta(days=3)):
        with pytest.raises(ValidationError) as refused:
            otj_entry_log(
                apprenticeship=amaras,
                logged_by=people.amara,
                details=OtjEntryDetails(
                    date=day, kind=OtjKind.WORKSHOP, description="Workshop", duration_minutes=30
                ),
            )
        assert "Off-the-job training stopped at gateway on 23 Nov 2026" in " ".join(
            refused.value.message_dict["date"]
        )


def test_the_checklist_keeps_an_override_for_the_epao_to_read(people, amaras):
    make_ready(amaras)
    without_safeguarding(amaras)
    gateway_override(
        apprenticeship=amaras,
        requirement_code="safeguarding-l1",
        reason=REASON,
        overridden_by=people.pat,
    )
    declare(amaras, people.carl)
    declare(amaras, people.amara)
    declare(amaras, employer_contact(amaras))
    attempt = gateway_submit(apprenticeship=amaras, submitted_by=people.carl)
    row = next(row for row in attempt.checklist if row["code"] == "safeguarding-l1")
    assert (row["met"], row["override_reason"]) == (False, REASON)


# --- The EPAO's decision ----------------------------------------------------------------------


def test_acceptance_opens_a_booking(people, amaras):
    attempt = submitted(amaras)
    decided = gateway_accept(attempt=attempt, decided_by=people.ada, note="  All in order. ")
    assert decided.status == GatewayAttempt.Status.ACCEPTED
    assert decided.decided_by == people.ada
    assert decided.decision_note == "All in order."
    booking = Booking.objects.get()
    assert (booking.apprenticeship, booking.attempt, booking.epao) == (
        amaras,
        decided,
        people.epao,
    )
    with pytest.raises(ValidationError) as refused:
        gateway_accept(attempt=decided, decided_by=people.ada)
    assert "This gateway is accepted by the EPAO already" in message_of(refused)


def test_a_return_gives_reasons_and_puts_the_apprentice_back_on_programme(people, amaras):
    attempt = submitted(amaras)
    returned = gateway_return(
        attempt=attempt,
        decided_by=people.ada,
        reasons={
            "showcase": "Section K3 has no evidence from practice.",
            "general": "Please check the dates.",
            "otj-hours": "  ",
        },
    )
    assert returned.status == GatewayAttempt.Status.RETURNED
    reasons = dict(returned.return_reasons.values_list("requirement_code", "reason"))
    assert reasons == {
        "showcase": "Section K3 has no evidence from practice.",
        "general": "Please check the dates.",
    }
    assert ReturnReason.objects.get(requirement_code="general").requirement_title == (
        "The submission as a whole"
    )
    amaras.refresh_from_db()
    assert amaras.status == Apprenticeship.Status.ON_PROGRAMME
    assert amaras.gateway_date is None
    assert can_write(people.amara, amaras)
    assert not Booking.objects.exists()


def test_a_return_needs_a_reason_for_a_requirement_on_the_checklist(people, amaras):
    attempt = submitted(amaras)
    with pytest.raises(ValidationError) as refused:
        gateway_return(attempt=attempt, decided_by=people.ada, reasons={"first-aid": "Missing."})
    assert "No such requirement on this checklist: first-aid." in " ".join(
        refused.value.message_dict["reasons"]
    )
    with pytest.raises(ValidationError) as refused:
        gateway_return(attempt=attempt, decided_by=people.ada, reasons={"showcase": "   "})
    assert "Give the reason for at least one requirement" in " ".join(
        refused.value.message_dict["reasons"]
    )
    attempt.refresh_from_db()
    assert attempt.status == GatewayAttempt.Status.SUBMITTED


def test_a_resubmission_is_a_new_attempt_and_the_returned_one_is_kept(people, amaras):
    first = submitted(amaras)
    gateway_return(attempt=first, decided_by=people.ada, reasons={"showcase": "Add K3."})
    declare(amaras, people.carl)
    declare(amaras, people.amara)
    declare(amaras, people.erin)
    second = gateway_submit(apprenticeship=amaras, submitted_by=people.carl)

    assert second.number == 2
    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.status == GatewayAttempt.Status.RETURNED
    assert list(first.return_reasons.values_list("reason", flat=True)) == ["Add K3."]
    assert first.declarations.count() == 3
    assert second.declarations.count() == 3
    assert ShowcaseSnapshot.objects.count() == 2
    assert first.showcase_snapshot != second.showcase_snapshot
    assert list(attempts_for_epao(people.ada).order_by("number")) == [first, second]


def test_a_decision_on_a_stale_page_is_refused(people, amaras):
    attempt = submitted(amaras)
    with pytest.raises(ValidationError) as refused:
        gateway_accept(attempt=attempt, decided_by=people.ada, revision=attempt.revision - 1)
    assert "Someone else has changed this gateway" in message_of(refused)
    gateway_accept(attempt=attempt, decided_by=people.ada, revision=attempt.revision)


def other_epao_admin():
    other = OrganisationFactory(name="Other Assessments", kind=Organisation.Kind.EPAO)
    return MembershipFactory(
        user=UserFactory(full_name="Olga Other"),
        organisation=other,
        role=Membership.RoleChoice.EPAO_ADMIN,
    ).user


@pytest.mark.parametrize("name", ["mo", "ian", "carl", "pat", "erin", "other"])
def test_only_the_epao_s_admins_decide(people, amaras, name):
    person = other_epao_admin() if name == "other" else getattr(people, name)
    attempt = submitted(amaras)
    with pytest.raises(PermissionDenied):
        gateway_accept(attempt=attempt, decided_by=person)
    with pytest.raises(PermissionDenied):
        gateway_return(attempt=attempt, decided_by=person, reasons={"general": "Not yet."})
    attempt.refresh_from_db()
    assert attempt.status == GatewayAttempt.Status.SUBMITTED


# --- What the EPAO sees -----------------------------------------------------------------------


def test_the_epao_sees_nothing_of_an_apprentice_not_submitted_to_it(people, amaras):
    attempt = signed_off(amaras)
    for name in ["ada", "mo"]:
        person = getattr(people, name)
        assert not attempts_for_epao(person).exists()
        with pytest.raises(Http404):
            get_attempt_for_epao(person, attempt.pk)
        with pytest.raises(Http404):
            get_apprenticeship_for_user(person, amaras.pk)


def test_the_epao_reaches_the_submission_but_never_the_record(people, amaras):
    attempt = submitted(amaras)
    assert get_attempt_for_epao(people.ada, attempt.pk) == attempt
    assert get_attempt_for_epao(people.mo, attempt.pk) == attempt
    with pytest.raises(Http404):
        get_attempt_for_epao(other_epao_admin(), attempt.pk)
    gateway_accept(attempt=attempt, decided_by=people.ada)
    for name in ["ada", "mo", "ian"]:
        with pytest.raises(Http404):
            get_apprenticeship_for_user(getattr(people, name), amaras.pk)


# --- Notifications ----------------------------------------------------------------------------


def emailed(mailoutbox, subject: str) -> set[str]:
    return {address for mail in mailoutbox if mail.subject == subject for address in mail.to}


def test_submission_tells_the_parties_and_the_epao_admins(
    people, amaras, mailoutbox, django_capture_on_commit_callbacks
):
    signed_off(amaras)
    with django_capture_on_commit_callbacks(execute=True):
        gateway_submit(apprenticeship=amaras, submitted_by=people.carl)
    parties = {people.amara.email, people.carl.email, people.erin.email}
    assert emailed(mailoutbox, "Gateway submitted: Amara Example") == parties
    assert emailed(mailoutbox, "New gateway to review: Amara Example") == {people.ada.email}
    for person in [people.amara, people.carl, people.erin]:
        assert Notice.objects.filter(
            recipient=person, title="Gateway submitted: Amara Example"
        ).exists()
    assert Notice.objects.filter(recipient=people.ada).count() == 1
    assert not Notice.objects.filter(recipient=people.mo).exists()


def test_acceptance_tells_the_parties(
    people, amaras, mailoutbox, django_capture_on_commit_callbacks
):
    attempt = submitted(amaras)
    with django_capture_on_commit_callbacks(execute=True):
        gateway_accept(attempt=attempt, decided_by=people.ada)
    parties = {people.amara.email, people.carl.email, people.erin.email}
    assert emailed(mailoutbox, "Gateway accepted: Amara Example") == parties
    assert Notice.objects.filter(title="Gateway accepted: Amara Example").count() == 3


def test_a_return_tells_the_parties_each_reason(
    people, amaras, mailoutbox, django_capture_on_commit_callbacks
):
    attempt = submitted(amaras)
    with django_capture_on_commit_callbacks(execute=True):
        gateway_return(
            attempt=attempt, decided_by=people.ada, reasons={"showcase": "Add evidence for K3."}
        )
    subject = "Gateway returned: Amara Example"
    parties = {people.amara.email, people.carl.email, people.erin.email}
    assert emailed(mailoutbox, subject) == parties
    body = next(mail.body for mail in mailoutbox if mail.subject == subject)
    assert f"- {title_of(amaras, 'showcase')}: Add evidence for K3." in body
    notice = Notice.objects.get(recipient=people.amara, title=subject)
    assert "Add evidence for K3." in notice.body


def test_accepted_factory_reaches_booking(people, amaras):
    booking = accepted(amaras)
    assert booking.attempt.status == GatewayAttempt.Status.ACCEPTED
