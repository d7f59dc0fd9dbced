from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from trellis.caseload.models import CaseloadSummary
from trellis.notices.models import Notice
from trellis.reviews import services
from trellis.reviews.models import ProgressReview
from trellis.reviews.selectors import review_schedule
from trellis.reviews.wellbeing import concern_raised_at
from trellis.safeguarding.models import Concern
from trellis.safeguarding.rules import MAX_ACCOUNT_CHARS
from trellis.testing.reviews_factories import recorded_review, review_content

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def test_recording_a_review_sets_the_schedule_and_refreshes_the_caseload(people):
    apprenticeship = people.amara_apprenticeship
    review = recorded_review(
        apprenticeship, held_on=date(2026, 4, 1), next_review_date=date(2026, 6, 20)
    )
    assert review.due_date == date(2026, 4, 5)
    assert review_schedule(apprenticeship).next_due == date(2026, 6, 20)
    summary = CaseloadSummary.objects.get(apprenticeship=apprenticeship)
    assert summary.last_review_on == date(2026, 4, 1)
    assert summary.next_review_due == date(2026, 6, 20)


def test_next_review_date_later_than_the_cadence_is_refused_with_the_latest(people):
    with pytest.raises(ValidationError) as error:
        recorded_review(
            people.amara_apprenticeship, held_on=date(2026, 4, 1), next_review_date=date(2026, 7, 2)
        )
    assert "no later than 1 Jul 2026" in error.value.message_dict["next_review_date"][0]
    assert not ProgressReview.objects.exists()


def test_only_the_consultant_records(people):
    for user in (people.amara, people.erin, people.cora, people.dina):
        with pytest.raises(PermissionDenied):
            services.review_record(
                apprenticeship=people.amara_apprenticeship,
                recorded_by=user,
                content=review_content(people.amara_apprenticeship, held_on=date(2026, 4, 1)),
            )


def test_every_ksb_needs_a_rating(people):
    apprenticeship = people.amara_apprenticeship
    with pytest.raises(ValidationError) as error:
        recorded_review(apprenticeship, held_on=date(2026, 4, 1), ksb_ratings={})
    assert "ksb_ratings" in error.value.message_dict


def test_the_next_review_follows_up_every_step_agreed_at_the_last(people):
    apprenticeship = people.amara_apprenticeship
    recorded_review(apprenticeship, held_on=date(2026, 3, 1))
    with pytest.raises(ValidationError) as error:
        recorded_review(apprenticeship, held_on=date(2026, 5, 1), follow_ups=[])
    assert "follow_ups" in error.value.message_dict
    second = recorded_review(apprenticeship, held_on=date(2026, 5, 1))
    assert second.follow_ups.get().next_step.description == "Observe a mentoring session"


def test_three_signatures_lock_the_review(people):
    apprenticeship = people.amara_apprenticeship
    review = recorded_review(
        apprenticeship, held_on=date(2026, 4, 1), signed_by=[people.amara, people.carl]
    )
    assert not review.is_locked
    services.review_sign(review=review, signed_by=people.erin)
    review.refresh_from_db()
    assert review.is_locked
    assert set(review.signatures.values_list("party", flat=True)) == {
        "apprentice",
        "consultant",
        "employer",
    }


def test_only_the_three_parties_sign_and_each_once(people):
    review = recorded_review(people.amara_apprenticeship, held_on=date(2026, 4, 1))
    for outsider in (people.cora, people.evan, people.dina, people.bea):
        with pytest.raises(PermissionDenied):
            services.review_sign(review=review, signed_by=outsider)
    services.review_sign(review=review, signed_by=people.amara)
    with pytest.raises(ValidationError):
        services.review_sign(review=review, signed_by=people.amara)
    assert review.signatures.count() == 1


def test_edits_are_refused_after_the_first_signature(people):
    apprenticeship = people.amara_apprenticeship
    review = recorded_review(apprenticeship, held_on=date(2026, 4, 1))
    services.review_update(
        review=review,
        changed_by=people.carl,
        content=review_content(apprenticeship, held_on=date(2026, 4, 2), review=review),
    )
    review.refresh_from_db()
    assert review.held_on == date(2026, 4, 2)
    services.review_sign(review=review, signed_by=people.erin)
    with pytest.raises(ValidationError, match="no longer be changed"):
        services.review_update(
            review=review,
            changed_by=people.carl,
            content=review_content(apprenticeship, held_on=date(2026, 4, 3), review=review),
        )
    review.refresh_from_db()
    assert review.held_on == date(2026, 4, 2)


def test_a_locked_review_cannot_change(people):
    apprenticeship = people.amara_apprenticeship
    review = recorded_review(
        apprenticeship, held_on=date(2026, 4, 1), signed_by=[people.amara, people.carl, people.erin]
    )
    with pytest.raises(ValidationError, match="locked"):
        services.review_update(
            review=review,
            changed_by=people.carl,
            content=review_content(apprenticeship, held_on=date(2026, 4, 3), review=review),
        )
    with pytest.raises(ValidationError, match="locked"):
        services.review_sign(review=review, signed_by=people.amara)


def test_a_correction_needs_a_reason_and_a_locked_review(people):
    apprenticeship = people.amara_apprenticeship
    review = recorded_review(apprenticeship, held_on=date(2026, 4, 1))
    with pytest.raises(ValidationError, match="not locked"):
        services.review_correct(review=review, corrected_by=people.carl, reason="Wrong date")
    for user in (people.amara, people.carl, people.erin):
        services.review_sign(review=review, signed_by=user)
    with pytest.raises(ValidationError) as error:
        services.review_correct(review=review, corrected_by=people.carl, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.review_correct(review=review, corrected_by=people.erin, reason="Wrong date")
    assert ProgressReview.objects.count() == 1


def test_a_correction_copies_the_content_links_and_needs_all_three(people):
    apprenticeship = people.amara_apprenticeship
    review = recorded_review(
        apprenticeship, held_on=date(2026, 4, 1), signed_by=[people.amara, people.carl, people.erin]
    )
    correction = services.review_correct(
        review=review, corrected_by=people.carl, reason="Wrong date"
    )
    assert correction.corrects == review
    assert correction.correction_reason == "Wrong date"
    assert not correction.is_locked
    assert correction.ksb_progress.count() == review.ksb_progress.count()
    assert list(correction.next_steps.values_list("description", flat=True)) == [
        "Observe a mentoring session"
    ]
    services.review_update(
        review=correction,
        changed_by=people.carl,
        content=review_content(apprenticeship, held_on=date(2026, 4, 2), review=correction),
    )
    for user in (people.amara, people.carl, people.erin):
        services.review_sign(review=correction, signed_by=user)
    correction.refresh_from_db()
    assert correction.is_locked
    assert review_schedule(apprenticeship).last_review_on == date(2026, 4, 2)


CONCERNS = {
    "wellbeing": ProgressReview.Wellbeing.CONCERNS,
    "wellbeing_category": Concern.Category.MENTAL_HEALTH,
    "wellbeing_immediate_risk": False,
    "wellbeing_notes": "She said “I can't sleep for worrying about money.”",
}


def test_wellbeing_concerns_raise_a_safeguarding_concern_and_are_not_kept_in_the_review(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = recorded_review(people.amara_apprenticeship, held_on=date(2026, 4, 1), **CONCERNS)
    concern = Concern.objects.get()
    assert concern.raised_from_review == review
    assert concern.raised_by == people.carl
    assert concern.apprenticeship == people.amara_apprenticeship
    assert concern.category == Concern.Category.MENTAL_HEALTH
    assert concern.account == CONCERNS["wellbeing_notes"]
    assert concern.happened_on == date(2026, 4, 1)
    assert concern.immediate_risk is False
    assert concern.action_taken == "Raised at a progress review."
    assert "at a progress review" in concern.events.get().summary
    review.refresh_from_db()
    assert review.wellbeing == ProgressReview.Wellbeing.CONCERNS
    assert review.wellbeing_notes == ""
    # The concern's own notification, once: the old review email is gone.
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [people.dina.email]
    assert concern.reference in email.subject
    assert "money" not in email.body and "money" not in email.subject
    assert Notice.objects.filter(recipient=people.dina).count() == 1


def test_immediate_risk_from_a_review_makes_the_concern_urgent(people):
    recorded_review(
        people.amara_apprenticeship,
        held_on=date(2026, 4, 1),
        **{**CONCERNS, "wellbeing_immediate_risk": True},
    )
    assert Concern.objects.get().urgency == Concern.Urgency.URGENT


def test_saving_or_correcting_the_review_again_raises_no_second_concern(
    people, django_capture_on_commit_callbacks
):
    apprenticeship = people.amara_apprenticeship
    with django_capture_on_commit_callbacks(execute=True):
        review = recorded_review(apprenticeship, held_on=date(2026, 4, 1), **CONCERNS)
        services.review_update(
            review=review,
            changed_by=people.carl,
            content=review_content(
                apprenticeship, held_on=date(2026, 4, 2), review=review, **CONCERNS
            ),
        )
        # Without the concern's details too: they are asked for only before it is raised.
        services.review_update(
            review=review,
            changed_by=people.carl,
            content=review_content(
                apprenticeship,
                held_on=date(2026, 4, 2),
                review=review,
                wellbeing=ProgressReview.Wellbeing.CONCERNS,
            ),
        )
        for user in (people.amara, people.carl, people.erin):
            services.review_sign(review=review, signed_by=user)
        correction = services.review_correct(
            review=review, corrected_by=people.carl, reason="Wrong date."
        )
    assert correction.wellbeing == ProgressReview.Wellbeing.CONCERNS
    assert correction.wellbeing_notes == ""
    assert Concern.objects.count() == 1
    assert len(mail.outbox) == 1
    assert concern_raised_at(correction) == Concern.objects.get().raised_at


def test_concerns_need_their_kind_risk_and_account_next_to_the_fields(people):
    with pytest.raises(ValidationError) as error:
        recorded_review(
            people.amara_apprenticeship,
            held_on=date(2026, 4, 1),
            wellbeing=ProgressReview.Wellbeing.CONCERNS,
        )
    assert set(error.value.message_dict) >= {
        "wellbeing_category",
        "wellbeing_immediate_risk",
        "wellbeing_notes",
    }
    assert not ProgressReview.objects.exists()
    assert not Concern.objects.exists()


def test_a_refused_review_raises_nothing_and_tells_no_one(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        recorded_review(people.amara_apprenticeship, held_on=date(2026, 4, 1))
        with pytest.raises(ValidationError) as error:
            recorded_review(
                people.amara_apprenticeship,
                held_on=date(2026, 5, 1),
                next_review_date=date(2026, 12, 1),
                **CONCERNS,
            )
        assert "next_review_date" in error.value.message_dict
    assert not Concern.objects.exists()
    assert ProgressReview.objects.count() == 1
    assert mail.outbox == []


def test_a_concern_refused_after_the_review_is_saved_rolls_the_review_back(
    people, django_capture_on_commit_callbacks
):
    too_long = "x" * (MAX_ACCOUNT_CHARS + 1)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as error,
    ):
        recorded_review(
            people.amara_apprenticeship,
            held_on=date(2026, 4, 1),
            **{**CONCERNS, "wellbeing_notes": too_long},
        )
    assert "wellbeing_notes" in error.value.message_dict
    assert not ProgressReview.objects.exists()
    assert not Concern.objects.exists()
    assert mail.outbox == []


def test_no_concern_when_the_check_finds_none(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review = recorded_review(
            people.amara_apprenticeship,
            held_on=date(2026, 4, 1),
            wellbeing_notes="Anything typed here is not kept.",
        )
    assert review.wellbeing_notes == ""
    assert not Concern.objects.exists()
    assert mail.outbox == []


def test_an_older_review_keeps_its_notes_and_raises_nothing_when_saved_again(people):
    apprenticeship = people.amara_apprenticeship
    review = recorded_review(apprenticeship, held_on=date(2026, 4, 1))
    ProgressReview.objects.filter(pk=review.pk).update(
        wellbeing=ProgressReview.Wellbeing.CONCERNS, wellbeing_notes="Worried about sleep."
    )
    review.refresh_from_db()
    services.review_update(
        review=review,
        changed_by=people.carl,
        content=review_content(
            apprenticeship,
            held_on=date(2026, 4, 1),
            review=review,
            wellbeing=ProgressReview.Wellbeing.CONCERNS,
        ),
    )
    review.refresh_from_db()
    assert review.wellbeing_notes == "Worried about sleep."
    assert not Concern.objects.exists()
