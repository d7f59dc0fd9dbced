"""The EPAO's booking forms and the assessor's declaration of a conflict of interest."""

from collections.abc import Sequence

from django import forms

from trellis.booking.selectors import WORKLOAD_DAYS, AssessorLoad
from trellis.booking.services import MAX_TEXT, DayDetails

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def load_label(load: AssessorLoad) -> str:
    apprentices = f"{load.assigned} apprentice{'' if load.assigned == 1 else 's'}"
    days = f"{load.days_ahead} day{'' if load.days_ahead == 1 else 's'}"
    label = (
        f"{load.assessor.full_name}: {apprentices}, {days} booked in the next {WORKLOAD_DAYS} days"
    )
    if not load.independent:
        label += " (not independent)"
    return label


class AssignForm(forms.Form):
    assessor = forms.TypedChoiceField(
        label="Independent assessor",
        coerce=int,
        error_messages={"required": "Choose the independent assessor."},
    )
    adviser = forms.TypedChoiceField(
        label="Sector or specialist adviser",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Only if the assessment plan asks for one.",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        data=None,
        *,
        loads: Sequence[AssessorLoad],
        advisers: Sequence[tuple[int, str]],
        initial=None,
    ):
        super().__init__(data, initial=initial)
        self.fields["assessor"].choices = [
            ("", "Choose an assessor"),
            *((load.assessor.pk, load_label(load)) for load in loads),
        ]
        self.fields["adviser"].choices = [("", "No adviser"), *advisers]


class DayForm(forms.Form):
    day = forms.DateField(
        label="Day",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the day of the assessment.",
            "invalid": "Enter the day as a real date, such as 3 Mar 2027.",
        },
    )
    starts_at = forms.TimeField(
        label="Starts at",
        widget=TIME_WIDGET,
        error_messages={
            "required": "Enter the time it starts, such as 09:30.",
            "invalid": "Enter the start as a time, such as 09:30.",
        },
    )
    ends_at = forms.TimeField(
        label="Ends at",
        widget=TIME_WIDGET,
        error_messages={
            "required": "Enter the time it ends, such as 16:00.",
            "invalid": "Enter the end as a time, such as 16:00.",
        },
    )
    activity = forms.ChoiceField(
        label="What happens that day",
        error_messages={"required": "Choose what happens that day."},
    )
    location = forms.CharField(
        label="Where",
        help_text="The workplace address, or say it is a video call.",
        max_length=300,
        error_messages={
            "required": "Say where: the workplace address, or the video call.",
            "max_length": "Keep the place within 300 characters.",
        },
    )

    def __init__(self, data=None, *, activities: Sequence[str], initial=None):
        super().__init__(data, initial=initial)
        choices = [(name, name) for name in activities]
        self.fields["activity"].choices = (
            choices if len(choices) == 1 else [("", "Choose what happens"), *choices]
        )

    def details(self) -> DayDetails:
        return DayDetails(
            day=self.cleaned_data["day"],
            starts_at=self.cleaned_data["starts_at"],
            ends_at=self.cleaned_data["ends_at"],
            activity=self.cleaned_data["activity"],
            location=self.cleaned_data["location"],
        )


REASON_FIELD = forms.CharField(
    label="Why",
    help_text="Everyone told about the change reads this.",
    max_length=MAX_TEXT,
    widget=forms.Textarea(attrs={"rows": 3}),
    error_messages={
        "required": "Say why, so that everyone told understands the change.",
        "max_length": f"Keep the reason within {MAX_TEXT} characters.",
    },
)


class MoveForm(DayForm):
    reason = REASON_FIELD


class CancelForm(forms.Form):
    reason = REASON_FIELD


class ConflictForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label="An organisation",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="A training provider or employer you work for or are connected with.",
    )
    apprenticeship = forms.TypedChoiceField(
        label="Or one of the apprentices assigned to you",
        coerce=int,
        required=False,
        empty_value=None,
    )
    description = forms.CharField(
        label="The interest",
        help_text="Who, and how you are connected.",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Describe the interest: who, and how you are connected.",
            "max_length": f"Keep the description within {MAX_TEXT} characters.",
        },
    )

    def __init__(
        self,
        data=None,
        *,
        organisations: Sequence[tuple[int, str]],
        apprenticeships: Sequence[tuple[int, str]],
    ):
        super().__init__(data)
        self.fields["organisation"].choices = [("", "None"), *organisations]
        self.fields["apprenticeship"].choices = [("", "None"), *apprenticeships]

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        apprenticeship = cleaned.get("apprenticeship")
        if organisation is None and apprenticeship is None and "organisation" not in self.errors:
            self.add_error("organisation", "Choose an organisation or one of your apprentices.")
        elif organisation is not None and apprenticeship is not None:
            self.add_error(
                "organisation",
                "Choose an organisation or an apprentice, not both: declare each "
                "interest on its own.",
            )
        return cleaned
