"""Telling the people around an apprentice what happened at gateway and booking: one email
each (with a calendar file where a date is booked) and one in-app notice each."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from trellis.apprenticeships.models import Apprenticeship
from trellis.notices.services import notify
from trellis.organisations.models import User
from trellis.organisations.roles import Role


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    calendar: bytes | None = None


@dataclass(frozen=True)
class Recipient:
    user: User
    # Where in Trellis this person reads more: the gateway tab, or the EPAO's own page.
    url: str


def employer_contacts(apprenticeship: Apprenticeship) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=apprenticeship.employer_id,
            memberships__role=Role.EMPLOYER_CONTACT,
        ).distinct()
    )


def epao_admins(epao_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, memberships__organisation_id=epao_id, memberships__role=Role.EPAO_ADMIN
        ).distinct()
    )


def parties(apprenticeship: Apprenticeship) -> list[Recipient]:
    """The apprentice, their consultant and their employer's contacts, each sent to the
    apprentice's gateway page."""
    url = reverse("gateway:readiness", args=[apprenticeship.pk])
    people = [apprenticeship.apprentice, *employer_contacts(apprenticeship)]
    if apprenticeship.consultant_id:
        people.append(apprenticeship.consultant)
    return [Recipient(user, url) for user in people if user.is_active]


def send(recipients: Iterable[Recipient], message: Message) -> None:
    """Email and leave a notice for each person once, however often they are listed."""
    site = settings.SITE_URL.rstrip("/")
    seen: set[int] = set()
    for recipient in recipients:
        if recipient.user.pk in seen or not recipient.user.email:
            continue
        seen.add(recipient.user.pk)
        email = EmailMessage(
            subject=message.subject,
            body=f"{message.body}\n\nSee it in Trellis (sign in first): {site}{recipient.url}\n",
            to=[recipient.user.email],
        )
        if message.calendar is not None:
            email.attach("end-point-assessment.ics", message.calendar, "text/calendar")
        email.send()
        notify([recipient.user], title=message.subject, body=message.body, url=recipient.url)
