"""Forms for recording a progress review; the services decide what is allowed."""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from trellis.apprenticeships.forms import DATE_WIDGET
from trellis.apprenticeships.parties import Party
from trellis.reviews.models import KsbProgress, NextStep, ProgressReview
from trellis.reviews.services import FollowUpInput, NextStepInput, ReviewContent
from trellis.safeguarding.models import Concern
from trellis.standards.models import KSB
from trellis.wording import day_label

DONE_CHOICES = [("yes", "Done"), ("no", "Not done")]
# Service errors about a whole group of rows show at the top of the form.
FIELD_ERRORS = (
    "held_on",
    "next_review_date",
    "wellbeing_category",
    "wellbeing_immediate_risk",
    "wellbeing_notes",
    "otj_hours_since",
    "mode",
)
RISK_CHOICES = [("true", "Yes"), ("false", "No")]


class ReviewForm(forms.Form):
    held_on = forms.DateField(label="Date held", widget=DATE_WIDGET)
    mode = forms.ChoiceField(
        label="How was it held?", choices=ProgressReview.Mode.choices, widget=forms.RadioSelect
    )
    training_since = forms.CharField(
        label="Training since the last review",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    otj_hours_since = forms.DecimalField(
        label="Off-the-job hours since the last review",
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        help_text="Filled in from the confirmed off-the-job entries; change it if it is wrong.",
        widget=forms.NumberInput(attrs={"step": "0.25", "class": "input--short"}),
    )
    coaching = forms.CharField(
        label="Coaching given", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    wellbeing = forms.ChoiceField(
        label="Well-being check",
        choices=ProgressReview.Wellbeing.choices,
        widget=forms.RadioSelect,
        help_text="Concerns raised are passed to the provider's safeguarding lead as a "
        "safeguarding concern when you save the review.",
    )
    # Needed with concerns; the service says so next to each field.
    wellbeing_category = forms.ChoiceField(
        label="What kind of concern is it?",
        choices=Concern.Category.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    wellbeing_immediate_risk = forms.ChoiceField(
        label="Is anyone at immediate risk?",
        choices=RISK_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text="If you believe someone is in immediate danger, call 999 now, then save the "
        "review.",
    )
    wellbeing_notes = forms.CharField(
        label="What was seen or said",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In the apprentice's own words where you can. This goes to the safeguarding "
        "lead only and is not kept in the review, which the apprentice and their employer see.",
    )
    next_review_date = forms.DateField(label="Next review date", widget=DATE_WIDGET)

    def __init__(
        self,
        *args,
        ksbs: list[KSB],
        steps: list[NextStep],
        latest_next: date | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.ksbs = ksbs
        self.steps = steps
        if latest_next is not None:
            self.fields["next_review_date"].help_text = (
                "After the date held, and no later than "
                f"{day_label(latest_next)} for a review held today."
            )
        for ksb in ksbs:
            self.fields[f"ksb_{ksb.pk}"] = forms.ChoiceField(
                label=f"{ksb.code}: {ksb.statement}",
                choices=[("", "Choose…"), *KsbProgress.Rating.choices],
            )
        for step in steps:
            self.fields[f"done_{step.pk}"] = forms.ChoiceField(
                label=step.description, choices=DONE_CHOICES, widget=forms.RadioSelect
            )
            self.fields[f"note_{step.pk}"] = forms.CharField(label="Note", required=False)

    def ksb_rows(self):
        return [(ksb, self[f"ksb_{ksb.pk}"]) for ksb in self.ksbs]

    def follow_up_rows(self):
        return [(step, self[f"done_{step.pk}"], self[f"note_{step.pk}"]) for step in self.steps]

    def main_fields(self, *names: str):
        return [self[name] for name in names]

    def to_content(self, next_steps: list[NextStepInput]) -> ReviewContent:
        data = self.cleaned_data
        return ReviewContent(
            held_on=data["held_on"],
            mode=data["mode"],
            next_review_date=data["next_review_date"],
            otj_hours_since=data["otj_hours_since"],
            training_since=data["training_since"],
            coaching=data["coaching"],
            wellbeing=data["wellbeing"],
            wellbeing_notes=data["wellbeing_notes"],
            wellbeing_category=data["wellbeing_category"],
            wellbeing_immediate_risk={"true": True, "false": False}.get(
                data["wellbeing_immediate_risk"]
            ),
            ksb_ratings={ksb.pk: data[f"ksb_{ksb.pk}"] for ksb in self.ksbs},
            follow_ups=[
                FollowUpInput(
                    next_step_id=step.pk,
                    done=data[f"done_{step.pk}"] == "yes",
                    note=data[f"note_{step.pk}"],
                )
                for step in self.steps
            ],
            next_steps=next_steps,
        )

    def add_service_errors(self, error: ValidationError) -> None:
        for key, messages in error.message_dict.items():
            self.add_error(key if key in FIELD_ERRORS else None, messages)


class NextStepForm(forms.Form):
    description = forms.CharField(label="Next step", widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ChoiceField(label="Owner", choices=[("", "Choose…"), *Party.choices])
    due_date = forms.DateField(label="Due by", widget=DATE_WIDGET)


NextStepFormSet = forms.formset_factory(NextStepForm, extra=3)


def next_steps_from(formset) -> list[NextStepInput]:
    """Return the filled-in next step rows; blank spare rows are left out."""
    return [
        NextStepInput(**form.cleaned_data)
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label="Why does the review need correcting?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="All three will sign the corrected review again.",
    )
