"""Writes of the equality answers: only ever by the apprentice, for themself."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from trellis.equality import access, rules
from trellis.equality.models import (
    DISABILITY_CHOICES,
    ETHNIC_GROUP_CHOICES,
    SEX_CHOICES,
    EqualityAnswers,
)
from trellis.organisations.models import User

NO_CONSENT = (
    "Tick the box to agree to your answers being kept. Nothing is kept without your agreement."
)
QUESTIONS = {
    "ethnic_group": ("ethnic group", ETHNIC_GROUP_CHOICES),
    "sex": ("sex", SEX_CHOICES),
    "disability": (
        "answer about a disability, learning difficulty or health problem",
        DISABILITY_CHOICES,
    ),
}


@dataclass(frozen=True)
class EqualityAnswerDetails:
    """The answers as given; a question left blank is "Prefer not to say"."""

    consent: bool
    ethnic_group: str = rules.PREFER_NOT_TO_SAY
    sex: str = rules.PREFER_NOT_TO_SAY
    disability: str = rules.PREFER_NOT_TO_SAY


def _refusals(details: EqualityAnswerDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not details.consent:
        errors["consent"] = NO_CONSENT
    for field, (what, choices) in QUESTIONS.items():
        if getattr(details, field) not in {value for value, _ in choices}:
            errors[field] = f"Choose your {what} from the list, or “Prefer not to say”."
    return errors


def equality_answers_save(*, apprentice: User, details: EqualityAnswerDetails) -> EqualityAnswers:
    """Keep the apprentice's answers, given with their consent, or change those kept."""
    access.require_can_answer(apprentice)
    errors = _refusals(details)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        answers = EqualityAnswers.objects.select_for_update().filter(apprentice=apprentice).first()
        if answers is None:
            answers = EqualityAnswers(apprentice=apprentice, consented_at=timezone.now())
        answers.ethnic_group = details.ethnic_group
        answers.sex = details.sex
        answers.disability = details.disability
        answers.full_clean(exclude=["apprentice"])
        answers.save()
    return answers


def equality_answers_withdraw(*, apprentice: User) -> bool:
    """Delete the apprentice's answers, keeping nothing of them; tell whether there were any."""
    with transaction.atomic():
        deleted, _ = EqualityAnswers.objects.filter(apprentice=apprentice).delete()
    return bool(deleted)
