"""Input for the safeguarding lead's casework: triage, the chronology, referrals, sharing a
note, files, closing and reopening. The services check everything again; these forms only
turn what was typed into values and say what is missing."""

from django import forms
from django.utils import timezone

from trellis.apprenticeships.forms import DATE_WIDGET
from trellis.portfolio.files import ACCEPT_ATTRIBUTE, ACCEPTED_LIST
from trellis.safeguarding.models import AgencyReferral, Concern, ConcernEvent
from trellis.safeguarding.services import role_label_for

TEXT_LIMIT = 5_000
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")

URGENCY_HINTS = {
    Concern.Urgency.URGENT: "Act today.",
    Concern.Urgency.HIGH: "Act within 1 working day.",
    Concern.Urgency.MEDIUM: "Act within 5 working days.",
    Concern.Urgency.LOW: "Monitor.",
}


class Radios(forms.RadioSelect):
    """Radios whose label and error summary point at the first option, so a link to the
    question lands on it."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RevisionForm(forms.Form):
    """A form that changes the case, carrying the revision of the case it was opened on."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class TriageForm(RevisionForm):
    urgency = forms.ChoiceField(
        label="How urgent is this?",
        choices=Concern.Urgency.choices,
        widget=Radios,
        error_messages={"required": "Choose how urgent this is: urgent, high, medium or low."},
    )
    assessment = forms.CharField(
        label="Your assessment",
        help_text="What you think is happening and why you chose this urgency.",
        widget=_textarea(),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Write your assessment of the concern."},
    )


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=[
            (ConcernEvent.Kind.ACTION, "An action taken"),
            (ConcernEvent.Kind.CONTACT, "A contact made (a call, meeting, email or letter)"),
        ],
        widget=Radios,
        error_messages={"required": "Choose whether this is an action taken or a contact made."},
    )
    occurred_on = forms.DateField(
        label="Date",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Give the day it happened.",
            "invalid": "Give the day it happened as a real date.",
        },
    )
    occurred_time = forms.TimeField(
        label="Time",
        widget=TIME_WIDGET,
        error_messages={
            "required": "Give the time it happened.",
            "invalid": "Give the time it happened, such as 14:30.",
        },
    )
    summary = forms.CharField(
        label="What happened",
        widget=_textarea(),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Write what happened."},
    )
    contact_with = forms.CharField(
        label="Who was contacted",
        help_text="A role or an organisation, such as “the apprentice's line manager”.",
        required=False,
        max_length=200,
    )
    contact_method = forms.ChoiceField(
        label="How",
        choices=ConcernEvent.ContactMethod.choices,
        widget=Radios,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.setdefault("occurred_on", now.date())
            self.initial.setdefault("occurred_time", now.time().replace(second=0, microsecond=0))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ConcernEvent.Kind.CONTACT:
            if not (cleaned.get("contact_with") or "").strip():
                self.add_error("contact_with", "Say who was contacted (a role or an organisation).")
            if not cleaned.get("contact_method"):
                self.add_error("contact_method", "Choose how the contact was made.")
        return cleaned


class ReferralForm(forms.Form):
    agency = forms.ChoiceField(
        label="Which kind of agency",
        choices=AgencyReferral.Agency.choices,
        widget=Radios,
        error_messages={"required": "Choose which kind of agency the concern was referred to."},
    )
    agency_name = forms.CharField(
        label="The agency's name",
        help_text="Such as “Leeds Children's Social Care”.",
        max_length=200,
        error_messages={
            "required": "Give the agency's name, such as “Leeds Children's Social Care”."
        },
    )
    referred_on = forms.DateField(
        label="Day the referral was made",
        widget=DATE_WIDGET,
        initial=timezone.localdate,
        error_messages={
            "required": "Give the day the referral was made.",
            "invalid": "Give the day the referral was made as a real date.",
        },
    )
    agency_reference = forms.CharField(
        label="The agency's reference",
        help_text="Leave this empty if they have not given one yet; you can add it later.",
        required=False,
        max_length=100,
    )
    summary = forms.CharField(
        label="Note",
        help_text="Anything the chronology should say about the referral.",
        required=False,
        widget=_textarea(3),
        max_length=TEXT_LIMIT,
    )


class ReferenceForm(forms.Form):
    agency_reference = forms.CharField(
        label="The agency's reference",
        max_length=100,
        error_messages={"required": "Give the reference the agency gave you."},
    )


class ShareForm(forms.Form):
    shared_with = forms.ModelChoiceField(
        label="Who to share the note with",
        queryset=None,
        widget=Radios,
        empty_label=None,
        error_messages={"required": "Choose who to share the note with."},
    )
    note = forms.CharField(
        label="The note",
        help_text="Only what they need to know to support the apprentice.",
        widget=_textarea(),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Write the note to share."},
    )
    reason = forms.CharField(
        label="Why they need to know",
        help_text="This is kept in the case's chronology. They do not see it.",
        widget=_textarea(3),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Write why they need to know."},
    )

    def __init__(self, *args, concern: Concern, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["shared_with"]
        field.queryset = recipients
        apprenticeship = concern.apprenticeship
        field.label_from_instance = lambda user: (
            f"{user.full_name or user.email} ({role_label_for(user, apprenticeship)})"
        )


class FileForm(forms.Form):
    file = forms.FileField(
        label="Choose a file",
        help_text=f"A {ACCEPTED_LIST}.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={"required": "Choose a file to add.", "empty": "The chosen file is empty."},
    )


class CloseForm(RevisionForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Concern.Outcome.choices,
        widget=Radios,
        error_messages={"required": "Choose the outcome."},
    )
    reason = forms.CharField(
        label="Why the case can close",
        widget=_textarea(),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Write why the case can close."},
    )


class ReopenForm(RevisionForm):
    reason = forms.CharField(
        label="Why the case reopens",
        widget=_textarea(),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Write why the case reopens."},
    )
