"""A result as the apprentice, employer and provider read it (grades, never the assessor's
notes), and the PDF result letter. The EPAO's staff reach the same page with its actions."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from trellis.epa import access, letter, selectors
from trellis.epa.models import Assessment
from trellis.organisations.roles import Role


def _result_for(request, pk: int) -> tuple[Assessment, bool]:
    """Return the assessment and whether this reader is the EPAO's."""
    try:
        found = access.get_assessment_for_work(request.user, pk)
    except Http404:
        return access.get_result_for_party(request.user, pk), False
    return found, found.booking.epao_id in access.epao_ids(request.user)


def _shown(assessment: Assessment, is_epao: bool) -> dict | None:
    if assessment.status == Assessment.Status.FINAL:
        return assessment.final_result
    if assessment.status == Assessment.Status.PROVISIONAL:
        # The EPAO sees the result as moderated so far; the apprentice the assessor's grades.
        return selectors.current_result(assessment) if is_epao else assessment.provisional_result
    return None


def result(request, pk: int):
    assessment, is_epao = _result_for(request, pk)
    if not is_epao and assessment.status == Assessment.Status.IN_PROGRESS:
        raise Http404("No such result.")
    epao_id = assessment.booking.epao_id
    return render(
        request,
        "epa/result.html",
        {
            "assessment": assessment,
            "apprenticeship": assessment.apprenticeship,
            "result": _shown(assessment, is_epao),
            "is_epao": is_epao,
            "is_moderator": access.is_moderator_of(request.user, assessment),
            "can_confirm": access.can_confirm(request.user, assessment),
            "is_admin": epao_id in access.epao_ids(request.user, Role.EPAO_ADMIN),
            "moderations": assessment.moderations.select_related("moderator").prefetch_related(
                "changes"
            )
            if is_epao
            else [],
        },
    )


def result_letter(request, pk: int):
    assessment, _ = _result_for(request, pk)
    if assessment.status != Assessment.Status.FINAL:
        raise Http404("The letter follows the final grade.")
    name = slugify(assessment.apprenticeship.apprentice.full_name)
    response = HttpResponse(letter.render(assessment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="epa-result-{name}.pdf"'
    return response
