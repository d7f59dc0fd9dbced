"""What the person raising a safeguarding concern fills in."""

from django import forms
from django.utils import timezone

from trellis.apprenticeships.forms import DATE_WIDGET
from trellis.mentoring.rules import LEARNER_REF_ADVICE
from trellis.portfolio.files import ACCEPT_ATTRIBUTE, ACCEPTED_LIST
from trellis.safeguarding.models import Concern
from trellis.safeguarding.services import ConcernDetails

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
YES_NO = [("yes", "Yes"), ("no", "No")]


def apprentice_label(apprenticeship, user) -> str:
    """Name the apprentice as the person raising sees them: themself is “You”."""
    if apprenticeship.apprentice_id == user.pk:
        return "You"
    return apprenticeship.apprentice.full_name


def subject_choices(apprenticeship, user) -> list[tuple[str, str]]:
    """Word who the concern may be about for this apprenticeship (or any, when not chosen)."""
    if apprenticeship is None:
        return [
            (Concern.Subject.APPRENTICE, "The apprentice themself"),
            (Concern.Subject.MENTORED_LEARNER, "A learner the apprentice mentors"),
        ]
    if apprenticeship.apprentice_id == user.pk:
        return [
            (Concern.Subject.APPRENTICE, "You"),
            (Concern.Subject.MENTORED_LEARNER, "A learner you mentor"),
        ]
    name = apprenticeship.apprentice.full_name
    return [
        (Concern.Subject.APPRENTICE, name),
        (Concern.Subject.MENTORED_LEARNER, f"A learner {name} mentors"),
    ]


class RaiseForm(forms.Form):
    apprenticeship = forms.ModelChoiceField(
        label="Apprentice",
        queryset=None,
        empty_label="Choose the apprentice",
        error_messages={
            "required": "Choose the apprentice the concern is about.",
            "invalid_choice": "Choose one of the apprentices listed.",
        },
    )
    subject = forms.ChoiceField(
        label="Who is it about?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the concern is about."},
    )
    learner_ref = forms.CharField(
        label="Their reference, if it is about a learner they mentor",
        required=False,
        max_length=20,
        help_text=LEARNER_REF_ADVICE,
        widget=forms.TextInput(attrs={"class": "input--short", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(
        label="What kind of concern is it?",
        choices=Concern.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of concern this is."},
    )
    account = forms.CharField(
        label="What was seen or said",
        help_text="In the person's own words where you can. Write what you saw and heard, "
        "not what you think.",
        widget=forms.Textarea(attrs={"rows": 8}),
        strip=False,
        error_messages={
            "required": "Write what was seen or said, in the person's own words where you can."
        },
    )
    happened_on = forms.DateField(
        label="When it happened",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Say when it happened.",
            "invalid": "Give the day it happened as a real date.",
        },
    )
    happened_at_time = forms.TimeField(
        label="Time",
        required=False,
        widget=TIME_WIDGET,
        error_messages={"invalid": "Give the time as hours and minutes, such as 14:30."},
    )
    immediate_risk = forms.TypedChoiceField(
        label="Is anyone at immediate risk?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether anyone is at immediate risk: yes or no."},
    )
    action_taken = forms.CharField(
        label="What has been done already",
        required=False,
        help_text="Such as who else you told, or what you did to keep someone safe.",
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,
    )
    file = forms.FileField(
        label="A file",
        required=False,
        help_text=f"A photo of a message, say. A {ACCEPTED_LIST}.",
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, user, apprenticeships, fixed=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("happened_on", timezone.localdate())
        if fixed is not None:
            kwargs["initial"]["apprenticeship"] = fixed.pk
        super().__init__(*args, **kwargs)
        self.user = user
        self.fixed = fixed
        field = self.fields["apprenticeship"]
        field.queryset = apprenticeships
        field.label_from_instance = self._choice_label
        if fixed is not None:
            field.widget = forms.HiddenInput()
        self.fields["subject"].choices = subject_choices(fixed, user)
        if fixed is not None and fixed.apprentice_id == user.pk:
            self.fields[
                "learner_ref"
            ].label = "Their reference, if it is about a learner you mentor"

    def _choice_label(self, apprenticeship) -> str:
        who = apprentice_label(apprenticeship, self.user)
        return f"{who} ({apprenticeship.employer.name}, trained by {apprenticeship.provider.name})"

    def details(self) -> ConcernDetails:
        data = self.cleaned_data
        mentored = data["subject"] == Concern.Subject.MENTORED_LEARNER
        return ConcernDetails(
            category=data["category"],
            account=data["account"],
            happened_on=data["happened_on"],
            happened_at_time=data.get("happened_at_time"),
            immediate_risk=data["immediate_risk"],
            subject=data["subject"],
            learner_ref=data.get("learner_ref", "") if mentored else "",
            action_taken=data.get("action_taken") or "",
        )
