from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.services import (
    ConcurrentEditError,
    EnrolmentDetails,
    apprenticeship_enrol,
    apprenticeship_update,
)
from trellis.organisations.models import Membership, User

pytestmark = pytest.mark.django_db


def details(people, **changes) -> EnrolmentDetails:
    values = {
        "consultant": people.carl,
        "epao": None,
        "start_date": date(2026, 9, 1),
        "planned_end_date": date(2028, 3, 1),
        "entry_requirements": "Level 2 in their vocational area",
        "entry_requirements_met": True,
    }
    values.update(changes)
    return EnrolmentDetails(**values)


def enrol(people, email="new.apprentice@riverside.example", **changes):
    return apprenticeship_enrol(
        provider=people.provider,
        employer=people.employer,
        apprentice_email=email,
        apprentice_name="Nia Okafor",
        standard=people.amara_apprenticeship.standard,
        details=details(people, **changes),
    )


def test_enrolment_creates_the_apprentice_and_their_membership(people):
    apprenticeship = enrol(people)
    apprentice = User.objects.get(email="new.apprentice@riverside.example")
    assert apprenticeship.apprentice == apprentice
    assert not apprentice.has_usable_password()
    assert Membership.objects.filter(
        user=apprentice, organisation=people.employer, role="apprentice"
    ).exists()
    assert apprenticeship.standard == apprenticeship.standard_version.standard


def test_enrolment_is_recorded_in_the_audit_trail(people):
    apprenticeship = enrol(people)
    assert LogEntry.objects.get_for_object(apprenticeship).filter(action=0).count() == 1


def test_enrolment_shorter_than_the_minimum_duration_is_refused_and_nothing_is_saved(people):
    before = (User.objects.count(), Apprenticeship.objects.count(), Membership.objects.count())
    with pytest.raises(ValidationError) as raised:
        enrol(people, planned_end_date=date(2027, 6, 1))
    assert "minimum duration is 12 months" in raised.value.message_dict["planned_end_date"][0]
    after = (User.objects.count(), Apprenticeship.objects.count(), Membership.objects.count())
    assert after == before


def test_a_second_active_apprenticeship_on_the_same_standard_is_refused(people):
    with pytest.raises(ValidationError) as raised:
        enrol(people, email=people.amara.email)
    assert (
        "already has an active apprenticeship" in raised.value.message_dict["apprentice_email"][0]
    )


def test_a_new_apprenticeship_is_allowed_after_the_last_one_was_withdrawn(people):
    people.amara_apprenticeship.status = Apprenticeship.Status.WITHDRAWN
    people.amara_apprenticeship.save()
    assert enrol(people, email=people.amara.email).apprentice == people.amara


def test_the_consultant_must_work_for_the_provider(people):
    with pytest.raises(ValidationError) as raised:
        enrol(people, consultant=people.paula)
    assert (
        "is not a training consultant at Northway Training"
        in raised.value.message_dict["consultant"][0]
    )


def test_the_database_refuses_two_active_apprenticeships_on_one_standard(people):
    from django.db import IntegrityError, transaction

    original = people.amara_apprenticeship
    with pytest.raises(IntegrityError), transaction.atomic():
        Apprenticeship.objects.create(
            apprentice=original.apprentice,
            employer=original.employer,
            provider=original.provider,
            standard=original.standard,
            standard_version=original.standard_version,
            start_date=date(2026, 2, 1),
            planned_end_date=date(2027, 8, 1),
        )


def test_update_changes_the_fields_and_keeps_the_old_values_in_history(people):
    apprenticeship = people.amara_apprenticeship
    updated = apprenticeship_update(
        apprenticeship=apprenticeship,
        expected_revision=apprenticeship.revision,
        details=details(people, consultant=people.cora, start_date=apprenticeship.start_date),
        status=Apprenticeship.Status.BREAK_IN_LEARNING,
    )
    assert updated.consultant == people.cora
    assert updated.revision == apprenticeship.revision + 1
    change = LogEntry.objects.get_for_object(apprenticeship).filter(action=1).latest("timestamp")
    assert change.changes_dict["status"] == ["on_programme", "break_in_learning"]


def test_update_from_a_stale_revision_is_refused_and_changes_nothing(people):
    apprenticeship = people.amara_apprenticeship
    apprenticeship_update(
        apprenticeship=apprenticeship,
        expected_revision=apprenticeship.revision,
        details=details(people, start_date=apprenticeship.start_date),
        status=Apprenticeship.Status.ON_PROGRAMME,
    )
    with pytest.raises(ConcurrentEditError):
        apprenticeship_update(
            apprenticeship=apprenticeship,
            expected_revision=apprenticeship.revision,
            details=details(people, consultant=people.cora, start_date=apprenticeship.start_date),
            status=Apprenticeship.Status.WITHDRAWN,
        )
    apprenticeship.refresh_from_db()
    assert apprenticeship.status == Apprenticeship.Status.ON_PROGRAMME
    assert apprenticeship.consultant == people.carl


def test_enrolment_records_the_date_of_birth_and_hours(people):
    apprenticeship = enrol(people, date_of_birth=date(2009, 8, 31))
    assert apprenticeship.apprentice.date_of_birth == date(2009, 8, 31)
    assert apprenticeship.contracted_weekly_hours == 30


def test_an_apprentice_under_16_at_the_start_is_refused(people):
    with pytest.raises(ValidationError, match="would be 15 at the start"):
        enrol(people, date_of_birth=date(2010, 9, 2))
    assert not User.objects.filter(email="new.apprentice@riverside.example").exists()


def test_unchanged_hours_are_not_shown_as_a_change(people):
    apprenticeship = people.amara_apprenticeship
    apprenticeship_update(
        apprenticeship=apprenticeship,
        expected_revision=apprenticeship.revision,
        details=details(people, start_date=apprenticeship.start_date, consultant=people.cora),
        status=Apprenticeship.Status.ON_PROGRAMME,
    )
    change = LogEntry.objects.get_for_object(apprenticeship).filter(action=1).latest("timestamp")
    assert "contracted_weekly_hours" not in change.changes_dict
