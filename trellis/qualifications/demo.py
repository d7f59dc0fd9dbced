"""Demo records for this part of the apprenticeship record, dated relative to today."""

from collections.abc import Sequence
from datetime import date, timedelta

from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import Membership
from trellis.organisations.roles import Role
from trellis.qualifications.models import AdditionalQualification, EnglishMaths
from trellis.qualifications.services import (
    additional_qualification_add,
    english_maths_employer_requirement_set,
    english_maths_record,
    safeguarding_record,
)

Result = EnglishMaths.Result
# Safeguarding is usually the first qualification taken, about six weeks in.
SAFEGUARDING_AFTER = timedelta(weeks=6)
FUNCTIONAL_SKILLS_AFTER = timedelta(weeks=20)
# Prior GCSE grades for (English, maths), repeating over the demo apprentices: a mix of
# exempting grades, grades below C/4 and no GCSE at all.
GCSE_GRADES = (("C", "D"), ("4", "3"), ("B", "5"), ("", ""), ("D", "C"), ("6", "4"), ("3", ""))
AWARD = "Level 3 Award in Education and Training"


def _employer_contact(apprenticeship: Apprenticeship):
    membership = (
        Membership.objects.filter(organisation=apprenticeship.employer, role=Role.EMPLOYER_CONTACT)
        .select_related("user")
        .first()
    )
    return membership.user if membership else apprenticeship.consultant


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add safeguarding, English and maths and employer-requested qualifications."""
    for number, apprenticeship in enumerate(apprenticeships):
        consultant = apprenticeship.consultant
        start = apprenticeship.start_date
        safeguarding_on = start + SAFEGUARDING_AFTER
        if safeguarding_on <= today and number % 5 != 3:
            safeguarding_record(
                apprenticeship=apprenticeship,
                achieved_on=safeguarding_on,
                certificate_reference=f"SG-{start:%y}-{4100 + number}",
                recorded_by=consultant,
            )
        english_grade, maths_grade = GCSE_GRADES[number % len(GCSE_GRADES)]
        functional_skills_on = start + FUNCTIONAL_SKILLS_AFTER
        taken = functional_skills_on <= today
        for subject, grade in (("english", english_grade), ("maths", maths_grade)):
            needs_functional_skills = grade not in ("C", "B", "4", "5", "6")
            passed = taken and needs_functional_skills and number % 3 != 1
            english_maths_record(
                apprenticeship=apprenticeship,
                subject=subject,
                prior_gcse_grade=grade,
                functional_skills_level_2_result=Result.PASSED if passed else Result.NOT_TAKEN,
                functional_skills_level_2_date=functional_skills_on if passed else None,
                recorded_by=consultant,
            )
        if number % 4 == 0:
            # Some employers ask adults for maths even where the rules make it optional.
            english_maths_employer_requirement_set(
                apprenticeship=apprenticeship,
                subject="maths",
                employer_requires=True,
                recorded_by=_employer_contact(apprenticeship),
            )
        if number % 6 == 0:
            award_on = start + timedelta(weeks=30)
            achieved = award_on <= today
            additional_qualification_add(
                apprenticeship=apprenticeship,
                title=AWARD,
                awarding_body="City & Guilds",
                result=AdditionalQualification.Result.ACHIEVED
                if achieved
                else AdditionalQualification.Result.IN_PROGRESS,
                achieved_on=award_on if achieved else None,
                recorded_by=consultant,
            )
