"""Input for the off-the-job ledger: an entry, a rejection's reason, a prior-learning reduction."""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator

from trellis.apprenticeships.forms import DATE_WIDGET
from trellis.otj.models import OtjKind
from trellis.otj.services import OtjEntryDetails

TIME_WIDGET = forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M")
HOUR_CHOICES = [("", "Hours")] + [(str(hours), f"{hours} h") for hours in range(0, 25)]
QUARTERS = (0, 15, 30, 45)
MINUTE_CHOICES = [("", "Minutes")] + [(str(minutes), f"{minutes} min") for minutes in QUARTERS]


class OtjEntryForm(forms.Form):
    """One entry: the day, start and end times or how long, on what, and what was done."""

    date = forms.DateField(label="Date", widget=DATE_WIDGET)
    start_time = forms.TimeField(label="Start time", required=False, widget=TIME_WIDGET)
    end_time = forms.TimeField(label="End time", required=False, widget=TIME_WIDGET)
    hours = forms.TypedChoiceField(
        label="Hours", choices=HOUR_CHOICES, coerce=int, required=False, empty_value=None
    )
    minutes = forms.TypedChoiceField(
        label="Minutes", choices=MINUTE_CHOICES, coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(label="What kind of training", choices=OtjKind.choices)
    activity = forms.ModelChoiceField(
        label="Training plan activity",
        queryset=None,
        required=False,
        empty_label="None of these",
        help_text="The activity on the current training plan that the time was spent on.",
    )
    description = forms.CharField(
        label="What you did",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    ksbs = forms.ModelMultipleChoiceField(
        label="KSBs covered",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, activities, ksbs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["ksbs"].queryset = ksbs
        self.fields["ksbs"].label_from_instance = lambda ksb: f"{ksb.code} {ksb.statement}"

    def clean(self):
        cleaned = super().clean()
        has_times = cleaned.get("start_time") is not None or cleaned.get("end_time") is not None
        has_duration = cleaned.get("hours") is not None or cleaned.get("minutes") is not None
        if has_times and has_duration:
            raise forms.ValidationError("Give start and end times or how long, not both.")
        if not has_times and not has_duration and not self.has_error("start_time"):
            raise forms.ValidationError("Give the start and end times, or how long it took.")
        return cleaned

    def details(self) -> OtjEntryDetails:
        """Return the entry the form describes."""
        data = self.cleaned_data
        duration = None
        if data["hours"] is not None or data["minutes"] is not None:
            duration = (data["hours"] or 0) * 60 + (data["minutes"] or 0)
        return OtjEntryDetails(
            date=data["date"],
            kind=data["kind"],
            description=data["description"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            duration_minutes=duration,
            activity=data["activity"],
            ksbs=list(data["ksbs"]),
        )


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label="Why is this entry rejected?",
        help_text="Say what is wrong, so that it can be logged again correctly.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={
            "required": "Say why the entry is rejected, so that it can be logged correctly."
        },
    )


class PriorLearningReductionForm(forms.Form):
    hours = forms.DecimalField(
        label="Hours taken off the requirement",
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        error_messages={"required": "Give the reduction in hours: 0 or more."},
    )
    reason = forms.CharField(
        label="Prior learning it is for",
        help_text="What the initial assessment found the apprentice already knows or can do.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what prior learning the reduction is for."},
    )
