from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.services import (
    EnrolmentDetails,
    apprenticeship_enrol,
    apprenticeship_update,
)
from trellis.standards.models import Standard
from trellis.standards.tests.official import OFFICIAL_DATA_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_standards(db):
    records = [OFFICIAL_DATA_DIR / f"{name}.json" for name in ("ST0148_1.0", "ST1379_1.0",
               "ST1379_1.1", "ST1379_1.2", "ST1379_1.3", "ST0843_1.1")]  # fmt: skip
    call_command("import_ifate", *records, verbosity=0)
    call_command("load_standards", verbosity=0)


def enrol(people, reference: str, start: date) -> Apprenticeship:
    return apprenticeship_enrol(
        provider=people.provider,
        employer=people.employer,
        apprentice_email="nia.okafor@riverside.example",
        apprentice_name="Nia Okafor",
        standard=Standard.objects.get(reference=reference),
        details=EnrolmentDetails(
            consultant=people.carl,
            epao=None,
            start_date=start,
            planned_end_date=date(start.year + 2, start.month, 1),
            entry_requirements="",
            entry_requirements_met=True,
        ),
    )


@pytest.mark.parametrize(
    ("start", "version"),
    [(date(2023, 9, 11), "1.0"), (date(2024, 8, 2), "1.2"), (date(2026, 9, 1), "1.3")],
)
def test_a_new_apprenticeship_takes_the_version_approved_for_its_start(
    people, official_standards, start, version
):
    assert enrol(people, "ST1379", start).standard_version.version == version


def test_a_start_no_version_covers_is_refused_with_the_covered_dates(people, official_standards):
    with pytest.raises(ValidationError) as raised:
        enrol(people, "ST0148", date(2026, 9, 1))
    message = raised.value.message_dict["start_date"][0]
    assert "No version of ST0148 is approved for apprentices starting on 1 Sep 2026" in message
    assert "v1.0 from 29 Jan 2019 to 28 Feb 2023" in message
    assert not Apprenticeship.objects.filter(apprentice__email="nia.okafor@riverside.example")


def test_a_version_without_assessment_rules_cannot_be_enrolled_on(people, official_standards):
    with pytest.raises(ValidationError) as raised:
        enrol(people, "ST0843", date(2026, 9, 1))
    assert (
        "end-point assessment rules are not set yet" in raised.value.message_dict["start_date"][0]
    )


def test_moving_the_start_date_moves_the_apprenticeship_to_that_dates_version(
    people, official_standards
):
    apprenticeship = enrol(people, "ST1379", date(2025, 11, 3))
    assert apprenticeship.standard_version.version == "1.2"
    updated = apprenticeship_update(
        apprenticeship=apprenticeship,
        expected_revision=apprenticeship.revision,
        details=EnrolmentDetails(
            consultant=people.carl,
            epao=None,
            start_date=date(2026, 1, 5),
            planned_end_date=date(2027, 6, 1),
            entry_requirements="",
            entry_requirements_met=True,
        ),
        status=Apprenticeship.Status.ON_PROGRAMME,
    )
    assert updated.standard_version.version == "1.3"
