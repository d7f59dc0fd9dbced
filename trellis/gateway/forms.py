"""The provider's gateway forms: a provider admin's override, the pipeline's filter and the
employer's offer of dates for the end-point assessment."""

from collections.abc import Sequence

from django import forms

from trellis.gateway.readiness import MIN_OVERRIDE_REASON, Check
from trellis.gateway.services import MAX_REASON_LENGTH

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OverrideForm(forms.Form):
    requirement = forms.ChoiceField(
        label="Requirement to override",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the requirement to override."},
    )
    reason = forms.CharField(
        label="Why the apprentice is ready although it is not met",
        help_text=(
            "The end-point assessment organisation reads this with the gateway submission. "
            f"Write at least {MIN_OVERRIDE_REASON} characters."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_REASON_LENGTH,
        error_messages={
            "required": "Write why the apprentice is ready although the requirement is not met.",
            "max_length": f"Keep the reason within {MAX_REASON_LENGTH} characters.",
        },
    )

    def __init__(self, data=None, *, unmet: Sequence[Check], initial=None):
        super().__init__(data, initial=initial)
        self.fields["requirement"].choices = [(check.code, check.title) for check in unmet]


class PipelineFilterForm(forms.Form):
    consultant = forms.TypedChoiceField(label="Consultant", required=False, coerce=int)

    def __init__(self, data, *, consultants: Sequence[tuple[int, str]]):
        super().__init__(data)
        self.fields["consultant"].choices = [("", "All consultants"), *consultants]

    def consultant_id(self) -> int | None:
        """Return the consultant asked for; anything else shows every consultant."""
        self.is_valid()
        return self.cleaned_data.get("consultant") or None


class DateRangeForm(forms.Form):
    available_from = forms.DateField(
        label="First date you can offer",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the first date you can offer.",
            "invalid": "Enter the first date as a real date, such as 3 Mar 2027.",
        },
    )
    available_until = forms.DateField(
        label="Last date you can offer",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the last date you can offer.",
            "invalid": "Enter the last date as a real date, such as 31 Mar 2027.",
        },
    )
    notes = forms.CharField(
        label="Notes for the assessment organisation",
        help_text="Days or times to avoid, and where the observations can happen.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
