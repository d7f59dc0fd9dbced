"""Input for internal quality assurance: a draw, a referral's reason, a response."""

from django import forms
from django.utils import timezone

from trellis.apprenticeships.forms import DATE_WIDGET
from trellis.iqa.models import IqaSample
from trellis.iqa.rules import RATE_MAX, RATE_MIN
from trellis.wording import day_label


class DrawForm(forms.Form):
    basis = forms.ChoiceField(label="Sample", choices=IqaSample.Basis.choices)
    consultant = forms.ModelChoiceField(
        label="Consultant, when sampling by consultant",
        queryset=None,
        required=False,
        empty_label="Choose a consultant",
    )
    ksb_code = forms.ChoiceField(label="KSB judged, when sampling by KSB", required=False)
    rate = forms.IntegerField(
        label="Rate in percent",
        required=False,
        min_value=RATE_MIN,
        max_value=RATE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )
    number = forms.IntegerField(
        label="Or a number of decisions",
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )
    period_start = forms.DateField(label="Made from", widget=DATE_WIDGET)
    period_end = forms.DateField(label="To", widget=DATE_WIDGET)

    def __init__(self, *args, consultants, ksb_codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants
        self.fields["consultant"].label_from_instance = lambda user: user.full_name or user.email
        self.fields["ksb_code"].choices = [("", "Choose a KSB")] + [(c, c) for c in ksb_codes]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rate") is None and cleaned.get("number") is None:
            if not self.has_error("rate") and not self.has_error("number"):
                self.add_error("rate", "Give a rate in percent or a number of decisions to sample.")
        elif cleaned.get("rate") is not None and cleaned.get("number") is not None:
            self.add_error("rate", "Give a rate in percent or a number of decisions, not both.")
        return cleaned


class ReferForm(forms.Form):
    reason = forms.CharField(
        label="Why refer the decision back",
        help_text="What the consultant should look at again; they will see this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={
            "required": "Say why the decision is referred back, so the consultant can act on it."
        },
    )


class RespondForm(forms.Form):
    response = forms.CharField(
        label="Your response",
        help_text="What you did about the referral, or why the decision stands.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    correcting_decision = forms.ModelChoiceField(
        label="The correction you made",
        queryset=None,
        required=False,
        empty_label="None",
        help_text="If you corrected the decision on the evidence item, choose the correction.",
    )

    def __init__(self, *args, corrections, **kwargs):
        super().__init__(*args, **kwargs)
        if not corrections.exists():
            # Nothing to choose until the consultant has corrected the decision.
            del self.fields["correcting_decision"]
            return
        self.fields["correcting_decision"].queryset = corrections
        self.fields["correcting_decision"].label_from_instance = _correction_label


def _correction_label(decision) -> str:
    when = day_label(timezone.localdate(decision.decided_at))
    return f"{decision.get_outcome_display()} on {when}: {decision.correction_reason[:80]}"
