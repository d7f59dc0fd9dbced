"""Input for the equality questions and the report's filters."""

from django import forms

from trellis.equality import rules
from trellis.equality.models import (
    DISABILITY_CHOICES,
    ETHNIC_GROUP_CHOICES,
    SEX_CHOICES,
    EqualityAnswers,
)
from trellis.equality.services import NO_CONSENT, EqualityAnswerDetails


def _question(label: str, choices: list[tuple[str, str]]) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, required=False, widget=forms.RadioSelect)


class EqualityAnswersForm(forms.Form):
    ethnic_group = _question("What is your ethnic group?", ETHNIC_GROUP_CHOICES)
    sex = _question("What is your sex?", SEX_CHOICES)
    disability = _question(
        "Do you consider yourself to have a disability, learning difficulty or health problem?",
        DISABILITY_CHOICES,
    )
    consent = forms.BooleanField(
        label=(
            "I agree to Trellis keeping these answers, to count apprentices in groups and check "
            "that my training provider treats every group fairly"
        ),
        error_messages={"required": NO_CONSENT},
    )

    def details(self) -> EqualityAnswerDetails:
        data = self.cleaned_data
        return EqualityAnswerDetails(
            consent=data["consent"],
            # A question left unanswered is taken as "Prefer not to say".
            ethnic_group=data["ethnic_group"] or rules.PREFER_NOT_TO_SAY,
            sex=data["sex"] or rules.PREFER_NOT_TO_SAY,
            disability=data["disability"] or rules.PREFER_NOT_TO_SAY,
        )


def answers_initial(answers: EqualityAnswers | None) -> dict:
    """Return the form's starting values: the answers kept, or nothing chosen.

    The consent box always starts empty: each save is agreed to afresh, and an empty box left
    as it was never reads as consent given.
    """
    if answers is None:
        return {}
    return {
        "ethnic_group": answers.ethnic_group,
        "sex": answers.sex,
        "disability": answers.disability,
    }


class ReportFilterForm(forms.Form):
    provider = forms.TypedChoiceField(label="Training provider", required=False, coerce=int)
    cohort = forms.TypedChoiceField(label="Cohort (start year)", required=False, coerce=int)

    def __init__(self, data, *, providers: list[tuple[int, str]], cohorts: list[int]):
        super().__init__(data)
        self.providers = providers
        if len(providers) > 1:
            self.fields["provider"].choices = providers
        else:
            del self.fields["provider"]
        self.fields["cohort"].choices = [("", "All cohorts"), *((y, str(y)) for y in cohorts)]

    def chosen(self) -> tuple[tuple[int, str], int | None]:
        """Return the provider and the start year asked for; a value that does not fit is left
        out (and shown), and the first provider and every year taken instead."""
        self.is_valid()
        values = getattr(self, "cleaned_data", {})
        providers = dict(self.providers)
        provider_id = values.get("provider")
        if provider_id not in providers:
            provider_id = self.providers[0][0]
        return (provider_id, providers[provider_id]), values.get("cohort") or None
