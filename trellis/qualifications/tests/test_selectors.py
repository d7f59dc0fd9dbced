from datetime import date

import pytest

from trellis.apprenticeships.models import Apprenticeship
from trellis.qualifications.models import AdditionalQualification, EnglishMaths
from trellis.qualifications.selectors import qualifications_outstanding, qualifications_overview
from trellis.qualifications.services import (
    additional_qualification_add,
    english_maths_employer_requirement_set,
    english_maths_record,
    safeguarding_record,
)

pytestmark = pytest.mark.django_db


def starting(people, start: date, born: date | None) -> Apprenticeship:
    apprenticeship = people.amara_apprenticeship
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(
        start_date=start, planned_end_date=date(start.year + 2, start.month, 1)
    )
    people.amara.date_of_birth = born
    people.amara.save(update_fields=["date_of_birth"])
    apprenticeship.refresh_from_db()
    return apprenticeship


def states(apprenticeship) -> dict[str, str]:
    return {
        view.subject: view.status.state for view in qualifications_overview(apprenticeship).subjects
    }


@pytest.mark.parametrize(
    ("start", "born", "expected"),
    [
        # 16 to 18 at the start: required under every rule.
        (date(2026, 1, 5), date(2008, 1, 6), "required"),  # 17
        (date(2024, 9, 2), date(2007, 9, 1), "required"),  # 17
        # 19 or over, before 11 Feb 2025: required for everyone.
        (date(2025, 2, 10), date(1990, 5, 5), "required"),
        # 19 or over, from 11 Feb 2025: optional.
        (date(2025, 2, 11), date(1990, 5, 5), "optional"),
        (date(2026, 1, 5), date(2007, 1, 5), "optional"),  # 19 on the start date
        (date(2026, 1, 5), date(2007, 1, 6), "required"),  # 18 the day before their birthday
    ],
)
def test_age_at_start_and_start_date_decide_english_and_maths(people, start, born, expected):
    apprenticeship = starting(people, start, born)
    assert states(apprenticeship) == {"english": expected, "maths": expected}


def test_the_employer_opting_in_makes_it_required_for_an_adult(people):
    apprenticeship = starting(people, date(2026, 1, 5), date(1990, 5, 5))
    english_maths_employer_requirement_set(
        apprenticeship=apprenticeship,
        subject="maths",
        employer_requires=True,
        recorded_by=people.erin,
    )
    assert states(apprenticeship) == {"english": "optional", "maths": "required"}


def test_an_unknown_date_of_birth_is_flagged_only_where_age_matters(people):
    assert states(starting(people, date(2026, 1, 5), None)) == {
        "english": "age_unknown",
        "maths": "age_unknown",
    }
    assert states(starting(people, date(2024, 9, 2), None)) == {
        "english": "required",
        "maths": "required",
    }


def test_everything_is_outstanding_at_first(people):
    apprenticeship = starting(people, date(2026, 1, 5), date(2008, 1, 6))
    assert qualifications_outstanding(apprenticeship) == [
        "Level 1 Safeguarding",
        "English level 2",
        "Maths level 2",
    ]


def test_achieved_exempt_and_optional_are_not_outstanding(people):
    apprenticeship = starting(people, date(2026, 1, 5), date(2008, 1, 6))
    safeguarding_record(
        apprenticeship=apprenticeship,
        achieved_on=date(2026, 2, 1),
        certificate_reference="SG-1",
        recorded_by=people.carl,
    )
    english_maths_record(
        apprenticeship=apprenticeship,
        subject="english",
        prior_gcse_grade="4",
        functional_skills_level_2_result=EnglishMaths.Result.NOT_TAKEN,
        functional_skills_level_2_date=None,
        recorded_by=people.carl,
    )
    additional_qualification_add(
        apprenticeship=apprenticeship,
        title="Award in Education and Training",
        awarding_body="",
        result=AdditionalQualification.Result.IN_PROGRESS,
        achieved_on=None,
        recorded_by=people.carl,
    )
    assert qualifications_outstanding(apprenticeship) == [
        "Maths level 2",
        "Award in Education and Training",
    ]
    english_maths_record(
        apprenticeship=apprenticeship,
        subject="maths",
        prior_gcse_grade="3",
        functional_skills_level_2_result=EnglishMaths.Result.PASSED,
        functional_skills_level_2_date=date(2026, 3, 1),
        recorded_by=people.carl,
    )
    assert qualifications_outstanding(apprenticeship) == ["Award in Education and Training"]


def test_a_not_passed_result_stays_outstanding(people):
    apprenticeship = starting(people, date(2026, 1, 5), date(2008, 1, 6))
    english_maths_record(
        apprenticeship=apprenticeship,
        subject="maths",
        prior_gcse_grade="D",
        functional_skills_level_2_result=EnglishMaths.Result.NOT_PASSED,
        functional_skills_level_2_date=date(2026, 3, 1),
        recorded_by=people.carl,
    )
    assert "Maths level 2" in qualifications_outstanding(apprenticeship)
