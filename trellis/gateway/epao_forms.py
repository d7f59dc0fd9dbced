"""The EPAO's gateway forms: accepting a submission, or returning it with reasons."""

from collections.abc import Sequence

from django import forms

from trellis.gateway.models import ReturnReason
from trellis.gateway.services import MAX_REASON_LENGTH

GENERAL_TITLE = "The submission as a whole"


class AcceptForm(forms.Form):
    note = forms.CharField(
        label="Note to the provider",
        help_text="Anything the provider and employer should know before the dates are offered.",
        required=False,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Keep the note within {MAX_REASON_LENGTH} characters."},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    """One reason box for each requirement of the frozen checklist, and one for the whole."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, checklist: Sequence[dict], initial=None):
        super().__init__(data, initial=initial)
        self.requirements = [(row["code"], row["title"]) for row in checklist]
        self.requirements.append((ReturnReason.GENERAL, GENERAL_TITLE))
        for code, title in self.requirements:
            self.fields[self.field_name(code)] = forms.CharField(
                label=title,
                required=False,
                max_length=MAX_REASON_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": f"Keep this reason within {MAX_REASON_LENGTH} characters."
                },
            )

    @staticmethod
    def field_name(code: str) -> str:
        return f"reason_{code}"

    def reason_fields(self):
        return [self[self.field_name(code)] for code, _title in self.requirements]

    def clean(self):
        cleaned = super().clean()
        if not any(self.reasons().values()):
            raise forms.ValidationError(
                "Give the reason for at least one requirement, so that the provider knows what "
                "to put right."
            )
        return cleaned

    def reasons(self) -> dict[str, str]:
        return {
            code: (self.cleaned_data.get(self.field_name(code)) or "").strip()
            for code, _title in self.requirements
        }
