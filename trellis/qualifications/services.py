"""Writes for qualifications: every change goes through these functions."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.caseload.services import caseload_summary_refresh
from trellis.organisations.models import User
from trellis.qualifications.models import (
    AdditionalQualification,
    EnglishMaths,
    SafeguardingQualification,
)
from trellis.qualifications.rules import certificate_file_problem

NOT_IN_FUTURE = "The date cannot be in the future."


def _is_future(day: date | None) -> bool:
    return day is not None and day > timezone.localdate()


def certificate_problem(upload: UploadedFile) -> str | None:
    """Return why an uploaded certificate is refused, or None if it may be stored."""
    head = upload.read(16)
    upload.seek(0)
    return certificate_file_problem(name=upload.name or "", size=upload.size or 0, head=head)


@transaction.atomic
def safeguarding_record(
    *,
    apprenticeship: Apprenticeship,
    achieved_on: date,
    certificate_reference: str,
    recorded_by: User,
    certificate: UploadedFile | None = None,
) -> SafeguardingQualification:
    """Record the Level 1 Safeguarding achievement with its certificate or reference."""
    qualification = SafeguardingQualification.objects.filter(
        apprenticeship=apprenticeship
    ).first() or SafeguardingQualification(apprenticeship=apprenticeship)
    problems: dict[str, str] = {}
    if achieved_on is None:
        problems["achieved_on"] = "Enter the date the qualification was achieved."
    elif _is_future(achieved_on):
        problems["achieved_on"] = NOT_IN_FUTURE
    if certificate is not None:
        problem = certificate_problem(certificate)
        if problem:
            problems["certificate"] = problem
    has_evidence = certificate is not None or bool(qualification.certificate)
    if not has_evidence and not certificate_reference.strip():
        problems["certificate_reference"] = (
            "Upload the certificate or enter its certificate number as evidence."
        )
    if problems:
        raise ValidationError(problems)
    qualification.achieved_on = achieved_on
    qualification.certificate_reference = certificate_reference.strip()
    qualification.recorded_by = recorded_by
    if certificate is not None:
        extension = certificate.name.rsplit(".", 1)[-1].lower()
        # A random name, so that the stored file says nothing about the apprentice.
        certificate.name = f"{uuid.uuid4().hex}.{extension}"
        qualification.certificate = certificate
    qualification.full_clean()
    qualification.save()
    caseload_summary_refresh(apprenticeship=apprenticeship)
    return qualification


def _english_maths_for(
    apprenticeship: Apprenticeship, subject: str, recorded_by: User
) -> EnglishMaths:
    if subject not in EnglishMaths.Subject.values:
        raise ValidationError({"subject": "Choose English or maths."})
    record = (
        EnglishMaths.objects.select_for_update()
        .filter(apprenticeship=apprenticeship, subject=subject)
        .first()
    )
    return record or EnglishMaths(
        apprenticeship=apprenticeship, subject=subject, recorded_by=recorded_by
    )


@transaction.atomic
def english_maths_record(
    *,
    apprenticeship: Apprenticeship,
    subject: str,
    prior_gcse_grade: str,
    functional_skills_level_2_result: str,
    functional_skills_level_2_date: date | None,
    recorded_by: User,
) -> EnglishMaths:
    """Record the apprentice's prior GCSE and Functional Skills level 2 in one subject."""
    record = _english_maths_for(apprenticeship, subject, recorded_by)
    problems: dict[str, str] = {}
    if prior_gcse_grade not in EnglishMaths.GcseGrade.values:
        problems["prior_gcse_grade"] = "Choose a GCSE grade from the list, or No GCSE."
    result = functional_skills_level_2_result
    if result not in EnglishMaths.Result.values:
        problems["functional_skills_level_2_result"] = "Choose a result from the list."
    elif result == EnglishMaths.Result.NOT_TAKEN and functional_skills_level_2_date is not None:
        problems["functional_skills_level_2_date"] = (
            "Leave the date empty until the test is taken, or choose its result."
        )
    elif result != EnglishMaths.Result.NOT_TAKEN and functional_skills_level_2_date is None:
        problems["functional_skills_level_2_date"] = "Enter the date of the result."
    if _is_future(functional_skills_level_2_date):
        problems["functional_skills_level_2_date"] = NOT_IN_FUTURE
    if problems:
        raise ValidationError(problems)
    record.prior_gcse_grade = prior_gcse_grade
    record.functional_skills_level_2_result = result
    record.functional_skills_level_2_date = functional_skills_level_2_date
    record.recorded_by = recorded_by
    record.full_clean()
    record.save()
    caseload_summary_refresh(apprenticeship=apprenticeship)
    return record


@transaction.atomic
def english_maths_employer_requirement_set(
    *,
    apprenticeship: Apprenticeship,
    subject: str,
    employer_requires: bool,
    recorded_by: User,
) -> EnglishMaths:
    """Record whether the employer asks for this subject even where it is optional."""
    record = _english_maths_for(apprenticeship, subject, recorded_by)
    record.employer_requires = employer_requires
    record.recorded_by = recorded_by
    record.full_clean()
    record.save()
    caseload_summary_refresh(apprenticeship=apprenticeship)
    return record


def _additional_problems(*, title: str, result: str, achieved_on: date | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not title.strip():
        problems["title"] = "Enter the qualification's title, such as Education and Training award."
    if result not in AdditionalQualification.Result.values:
        problems["result"] = "Choose a result from the list."
    elif result == AdditionalQualification.Result.ACHIEVED and achieved_on is None:
        problems["achieved_on"] = "Enter the date it was achieved."
    elif result == AdditionalQualification.Result.IN_PROGRESS and achieved_on is not None:
        problems["achieved_on"] = "Leave the date empty while it is in progress."
    if _is_future(achieved_on):
        problems["achieved_on"] = NOT_IN_FUTURE
    return problems


@transaction.atomic
def additional_qualification_add(
    *,
    apprenticeship: Apprenticeship,
    title: str,
    awarding_body: str,
    result: str,
    achieved_on: date | None,
    recorded_by: User,
) -> AdditionalQualification:
    """Add a qualification the employer asks for, with its result so far."""
    problems = _additional_problems(title=title, result=result, achieved_on=achieved_on)
    if problems:
        raise ValidationError(problems)
    qualification = AdditionalQualification(
        apprenticeship=apprenticeship,
        title=title.strip(),
        awarding_body=awarding_body.strip(),
        result=result,
        achieved_on=achieved_on,
        recorded_by=recorded_by,
    )
    qualification.full_clean()
    qualification.save()
    caseload_summary_refresh(apprenticeship=apprenticeship)
    return qualification


@transaction.atomic
def additional_qualification_update(
    *,
    qualification: AdditionalQualification,
    title: str,
    awarding_body: str,
    result: str,
    achieved_on: date | None,
    recorded_by: User,
) -> AdditionalQualification:
    """Change an additional qualification's details or record its result."""
    problems = _additional_problems(title=title, result=result, achieved_on=achieved_on)
    if problems:
        raise ValidationError(problems)
    qualification.title = title.strip()
    qualification.awarding_body = awarding_body.strip()
    qualification.result = result
    qualification.achieved_on = achieved_on
    qualification.recorded_by = recorded_by
    qualification.full_clean()
    qualification.save(
        update_fields=[
            "title",
            "awarding_body",
            "result",
            "achieved_on",
            "recorded_by",
            "updated_at",
        ]
    )
    caseload_summary_refresh(apprenticeship=qualification.apprenticeship)
    return qualification
