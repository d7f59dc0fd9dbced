"""Reads for qualifications."""

from dataclasses import dataclass

from trellis.apprenticeships.funding import load_funding_rules
from trellis.apprenticeships.models import Apprenticeship
from trellis.qualifications.models import (
    AdditionalQualification,
    EnglishMaths,
    SafeguardingQualification,
)
from trellis.qualifications.rules import SubjectStatus, age_on, english_maths_status

SAFEGUARDING_NAME = "Level 1 Safeguarding"


@dataclass(frozen=True)
class SubjectView:
    """One subject of English and maths: its record (if any) and where the apprentice stands."""

    subject: str
    label: str
    name: str  # as written mid-sentence: English, maths
    record: EnglishMaths | None
    status: SubjectStatus

    @property
    def outstanding_name(self) -> str:
        return f"{self.label} level 2"


@dataclass(frozen=True)
class QualificationsOverview:
    """Everything the qualifications tab shows of one apprenticeship."""

    safeguarding: SafeguardingQualification | None
    subjects: tuple[SubjectView, ...]
    additional: tuple[AdditionalQualification, ...]
    age_at_start: int | None

    @property
    def safeguarding_achieved(self) -> bool:
        return self.safeguarding is not None and self.safeguarding.achieved_on is not None

    @property
    def outstanding(self) -> list[str]:
        names = [] if self.safeguarding_achieved else [SAFEGUARDING_NAME]
        names += [view.outstanding_name for view in self.subjects if view.status.outstanding]
        names += [
            qualification.title
            for qualification in self.additional
            if qualification.result != AdditionalQualification.Result.ACHIEVED
        ]
        return names


def age_at_start(apprenticeship: Apprenticeship) -> int | None:
    """Return the apprentice's age on their start date, or None if their birthday is unknown."""
    born = apprenticeship.apprentice.date_of_birth
    return None if born is None else age_on(born, apprenticeship.start_date)


def subject_status(
    apprenticeship: Apprenticeship, subject: str, record: EnglishMaths | None
) -> SubjectStatus:
    """Return where the apprentice stands on one subject, by the rule for their start date."""
    rule = load_funding_rules().english_maths_for_start(apprenticeship.start_date)
    age = age_at_start(apprenticeship)
    employer_requires = record is not None and record.employer_requires
    passed = record is not None and record.functional_skills_level_2_result == (
        EnglishMaths.Result.PASSED
    )
    return english_maths_status(
        subject=_in_a_sentence(EnglishMaths.Subject(subject)),
        gcse_grade=record.prior_gcse_grade if record else "",
        functional_skills_passed_on=record.functional_skills_level_2_date if passed else None,
        age_at_start=age,
        required=None
        if age is None
        else rule.required(age_at_start=age, employer_requires=employer_requires),
        optional_from_age=rule.optional_from_age,
        employer_requires=employer_requires,
    )


def _in_a_sentence(subject: EnglishMaths.Subject) -> str:
    # English is a proper noun; maths is not.
    return subject.label if subject == EnglishMaths.Subject.ENGLISH else subject.label.lower()


def qualifications_overview(apprenticeship: Apprenticeship) -> QualificationsOverview:
    """Return the apprenticeship's qualifications with the status of each."""
    safeguarding = (
        SafeguardingQualification.objects.filter(apprenticeship=apprenticeship)
        .select_related("recorded_by")
        .first()
    )
    records = {
        record.subject: record
        for record in EnglishMaths.objects.filter(apprenticeship=apprenticeship)
    }
    subjects = tuple(
        SubjectView(
            subject=subject.value,
            label=subject.label,
            name=_in_a_sentence(subject),
            record=records.get(subject.value),
            status=subject_status(apprenticeship, subject.value, records.get(subject.value)),
        )
        for subject in EnglishMaths.Subject
    )
    additional = tuple(AdditionalQualification.objects.filter(apprenticeship=apprenticeship))
    return QualificationsOverview(
        safeguarding=safeguarding,
        subjects=subjects,
        additional=additional,
        age_at_start=age_at_start(apprenticeship),
    )


def qualifications_outstanding(apprenticeship: Apprenticeship) -> list[str]:
    """Return the names of the qualifications the apprentice still needs before gateway."""
    return qualifications_overview(apprenticeship).outstanding
