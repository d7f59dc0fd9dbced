"""Qualifications over the same services as the pages."""

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from trellis.api.schemas import ErrorOut
from trellis.apprenticeships.access import get_apprenticeship_for_user
from trellis.qualifications import access, services
from trellis.qualifications.models import AdditionalQualification, EnglishMaths
from trellis.qualifications.selectors import QualificationsOverview, qualifications_overview

router = Router(tags=["qualifications"])
BASE = "/apprenticeships/{apprenticeship_id}/qualifications"
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# Plain values, so that the two models' Result choices do not clash in the schema's names.
FunctionalSkillsResult = Literal[tuple(EnglishMaths.Result.values)]
AdditionalResult = Literal[tuple(AdditionalQualification.Result.values)]


class SafeguardingOut(Schema):
    achieved: bool
    achieved_on: date | None
    certificate_reference: str
    has_certificate_file: bool


class SubjectOut(Schema):
    subject: EnglishMaths.Subject
    status: str = Field(description="achieved, exempt, required, optional or age_unknown.")
    status_label: str
    reason: str
    prior_gcse_grade: str
    employer_requires: bool
    functional_skills_level_2_result: FunctionalSkillsResult
    functional_skills_level_2_date: date | None


class AdditionalOut(Schema):
    id: int
    title: str
    awarding_body: str
    result: AdditionalResult
    achieved_on: date | None


class QualificationsOut(Schema):
    age_at_start: int | None
    outstanding: list[str] = Field(description="What is still needed before gateway.")
    safeguarding: SafeguardingOut
    english_maths: list[SubjectOut]
    additional: list[AdditionalOut]


class SafeguardingIn(Schema):
    achieved_on: date
    certificate_reference: str


class EnglishMathsIn(Schema):
    prior_gcse_grade: str = ""
    functional_skills_level_2_result: str = EnglishMaths.Result.NOT_TAKEN
    functional_skills_level_2_date: date | None = None
    employer_requires: bool | None = Field(
        None, description="Whether the employer asks for it; left as it is when omitted."
    )


class AdditionalIn(Schema):
    title: str
    awarding_body: str = ""
    result: str = AdditionalQualification.Result.IN_PROGRESS
    achieved_on: date | None = None


class AdditionalPatch(Schema):
    title: str | None = None
    awarding_body: str | None = None
    result: str | None = None
    achieved_on: date | None = None


def _out(overview: QualificationsOverview) -> dict:
    safeguarding = overview.safeguarding
    return {
        "age_at_start": overview.age_at_start,
        "outstanding": overview.outstanding,
        "safeguarding": {
            "achieved": overview.safeguarding_achieved,
            "achieved_on": safeguarding.achieved_on if safeguarding else None,
            "certificate_reference": safeguarding.certificate_reference if safeguarding else "",
            "has_certificate_file": bool(safeguarding and safeguarding.certificate),
        },
        "english_maths": [
            {
                "subject": view.subject,
                "status": view.status.state,
                "status_label": view.status.label,
                "reason": view.status.reason,
                "prior_gcse_grade": view.record.prior_gcse_grade if view.record else "",
                "employer_requires": bool(view.record and view.record.employer_requires),
                "functional_skills_level_2_result": view.record.functional_skills_level_2_result
                if view.record
                else EnglishMaths.Result.NOT_TAKEN,
                "functional_skills_level_2_date": view.record.functional_skills_level_2_date
                if view.record
                else None,
            }
            for view in overview.subjects
        ],
        "additional": list(overview.additional),
    }


@router.get(BASE, response={200: QualificationsOut, 404: ErrorOut})
def qualifications_get(request: HttpRequest, apprenticeship_id: int) -> dict:
    """Return every qualification of the apprenticeship with its status and what is outstanding."""
    apprenticeship = get_apprenticeship_for_user(request.auth, apprenticeship_id)
    return _out(qualifications_overview(apprenticeship))


@router.put(BASE + "/safeguarding", response={200: QualificationsOut, **ERRORS})
def safeguarding_put(request: HttpRequest, apprenticeship_id: int, payload: SafeguardingIn) -> dict:
    """Record Level 1 Safeguarding with its certificate number (upload files on the page)."""
    apprenticeship = access.get_apprenticeship_for_recording(request.auth, apprenticeship_id)
    services.safeguarding_record(
        apprenticeship=apprenticeship,
        achieved_on=payload.achieved_on,
        certificate_reference=payload.certificate_reference,
        recorded_by=request.auth,
    )
    return _out(qualifications_overview(apprenticeship))


@router.put(BASE + "/english-maths/{subject}", response={200: QualificationsOut, **ERRORS})
def english_maths_put(
    request: HttpRequest,
    apprenticeship_id: int,
    subject: EnglishMaths.Subject,
    payload: EnglishMathsIn,
) -> dict:
    """Record one subject's prior GCSE and Functional Skills level 2, and the employer's wish.

    The employer contact may send only `employer_requires`.
    """
    apprenticeship = get_apprenticeship_for_user(request.auth, apprenticeship_id)
    results = payload.model_dump(exclude={"employer_requires"}, exclude_unset=True)
    if results or payload.employer_requires is None:
        apprenticeship = access.get_apprenticeship_for_recording(request.auth, apprenticeship_id)
        services.english_maths_record(
            apprenticeship=apprenticeship,
            subject=subject,
            prior_gcse_grade=payload.prior_gcse_grade,
            functional_skills_level_2_result=payload.functional_skills_level_2_result,
            functional_skills_level_2_date=payload.functional_skills_level_2_date,
            recorded_by=request.auth,
        )
    if payload.employer_requires is not None:
        access.get_apprenticeship_for_employer_requirement(request.auth, apprenticeship_id)
        services.english_maths_employer_requirement_set(
            apprenticeship=apprenticeship,
            subject=subject,
            employer_requires=payload.employer_requires,
            recorded_by=request.auth,
        )
    return _out(qualifications_overview(apprenticeship))


@router.post(BASE + "/additional", response={201: AdditionalOut, **ERRORS})
def additional_post(request: HttpRequest, apprenticeship_id: int, payload: AdditionalIn) -> Status:
    """Add a qualification the employer asks for."""
    apprenticeship = access.get_apprenticeship_for_recording(request.auth, apprenticeship_id)
    qualification = services.additional_qualification_add(
        apprenticeship=apprenticeship, recorded_by=request.auth, **payload.model_dump()
    )
    return Status(201, qualification)


@router.patch(BASE + "/additional/{qualification_id}", response={200: AdditionalOut, **ERRORS})
def additional_patch(
    request: HttpRequest, apprenticeship_id: int, qualification_id: int, payload: AdditionalPatch
) -> AdditionalQualification:
    """Change an additional qualification or record its result; omitted fields stay as they are."""
    apprenticeship = access.get_apprenticeship_for_recording(request.auth, apprenticeship_id)
    qualification = get_object_or_404(
        AdditionalQualification, pk=qualification_id, apprenticeship=apprenticeship
    )
    current = {
        "title": qualification.title,
        "awarding_body": qualification.awarding_body,
        "result": qualification.result,
        "achieved_on": qualification.achieved_on,
    }
    current.update(payload.model_dump(exclude_unset=True))
    return services.additional_qualification_update(
        qualification=qualification, recorded_by=request.auth, **current
    )
