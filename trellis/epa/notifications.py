"""Telling people about a result: the apprentice and employer together when the assessor
finalises, and everyone concerned when the EPAO confirms the final grade. The emails say a
result is ready, never the grade: that is read signed in."""

from django.urls import reverse

from trellis.epa.models import Assessment
from trellis.gateway.notifications import Message, Recipient, employer_contacts, send
from trellis.organisations.models import User
from trellis.organisations.roles import Role


def _assessment(pk: int) -> Assessment:
    return Assessment.objects.select_related(
        "apprenticeship__apprentice", "apprenticeship__consultant", "booking__epao"
    ).get(pk=pk)


def _provider_admins(provider_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=provider_id,
            memberships__role=Role.PROVIDER_ADMIN,
        ).distinct()
    )


def provisional(assessment_pk: int) -> None:
    assessment = _assessment(assessment_pk)
    apprenticeship = assessment.apprenticeship
    url = reverse("epa:result", args=[assessment.pk])
    people = [apprenticeship.apprentice, *employer_contacts(apprenticeship)]
    send(
        [Recipient(person, url) for person in people if person.is_active],
        Message(
            subject=f"Provisional end-point assessment result for {apprenticeship.apprentice}",
            body=(
                f"The independent assessor from {assessment.booking.epao.name} has given "
                f"{apprenticeship.apprentice.full_name}'s provisional grades. They are subject "
                "to moderation: the EPAO confirms the final grade."
            ),
        ),
    )


def released(assessment_pk: int) -> None:
    assessment = _assessment(assessment_pk)
    apprenticeship = assessment.apprenticeship
    url = reverse("epa:result", args=[assessment.pk])
    people = [apprenticeship.apprentice, *employer_contacts(apprenticeship)]
    if apprenticeship.consultant_id:
        people.append(apprenticeship.consultant)
    people += _provider_admins(apprenticeship.provider_id)
    send(
        [Recipient(person, url) for person in people if person.is_active],
        Message(
            subject=f"Final end-point assessment result for {apprenticeship.apprentice}",
            body=(
                f"{assessment.booking.epao.name} has confirmed "
                f"{apprenticeship.apprentice.full_name}'s final grade. Appeals can be made until "
                f"{assessment.appeal_until:%-d %B %Y}."
            ),
        ),
    )
