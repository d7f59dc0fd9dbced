"""Input for the mentoring log, and the KSB checkboxes it shares with the CPD log."""

from django import forms

from trellis.apprenticeships.forms import DATE_WIDGET
from trellis.mentoring.models import MentoringSession
from trellis.mentoring.rules import MAX_SESSION_MINUTES
from trellis.mentoring.services import MentoringSessionDetails
from trellis.standards.models import KSB

HOUR_CHOICES = [("", "Hours")] + [
    (str(hours), f"{hours} h") for hours in range(0, MAX_SESSION_MINUTES // 60 + 1)
]
MINUTE_CHOICES = [("", "Minutes")] + [(str(m), f"{m} min") for m in (0, 15, 30, 45)]
KSB_GROUPS = (
    (KSB.Kind.KNOWLEDGE, "Knowledge"),
    (KSB.Kind.SKILL, "Skills"),
    (KSB.Kind.BEHAVIOUR, "Behaviours"),
)


class KsbCheckboxesMixin:
    """KSB checkboxes from the apprenticeship's standard, grouped knowledge, skills, behaviours."""

    def _set_ksbs(self, ksbs) -> None:
        field = self.fields["ksbs"]
        field.queryset = ksbs
        field.label_from_instance = lambda ksb: f"{ksb.code} {ksb.statement}"

    def ksb_groups(self) -> list[tuple[str, list]]:
        """Return (heading, checkboxes) for each kind of KSB the standard has."""
        boxes = list(self["ksbs"])
        groups = []
        for kind, heading in KSB_GROUPS:
            chosen = [box for box in boxes if box.data["value"].instance.kind == kind]
            if chosen:
                groups.append((heading, chosen))
        return groups


def minutes_from(data) -> int | None:
    if data.get("hours") is None and data.get("minutes") is None:
        return None
    return (data.get("hours") or 0) * 60 + (data.get("minutes") or 0)


class DurationFields(forms.Form):
    hours = forms.TypedChoiceField(
        label="Hours", choices=HOUR_CHOICES, coerce=int, required=False, empty_value=None
    )
    minutes = forms.TypedChoiceField(
        label="Minutes", choices=MINUTE_CHOICES, coerce=int, required=False, empty_value=None
    )


class MentoringSessionForm(KsbCheckboxesMixin, DurationFields):
    held_on = forms.DateField(label="Date of the session", widget=DATE_WIDGET)
    learner_ref = forms.CharField(
        label="Learner reference",
        max_length=40,
        help_text="A reference you keep for this learner, such as L-014. Never their name.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    format = forms.ChoiceField(
        label="One-to-one or group",
        choices=MentoringSession.Format.choices,
        widget=forms.RadioSelect,
        initial=MentoringSession.Format.ONE_TO_ONE,
    )
    setting = forms.CharField(
        label="Setting",
        max_length=200,
        help_text="Where it took place, such as a classroom, a workshop or online.",
    )
    what_was_done = forms.CharField(
        label="What was done", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    ksbs = forms.ModelMultipleChoiceField(
        label="KSBs shown", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    reflection = forms.CharField(
        label="Reflection",
        required=False,
        help_text="What went well, what you would do differently, what you learned.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args, ksbs, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_ksbs(ksbs)

    def details(self) -> MentoringSessionDetails:
        data = self.cleaned_data
        return MentoringSessionDetails(
            held_on=data["held_on"],
            learner_ref=data["learner_ref"],
            duration_minutes=minutes_from(data),
            format=data["format"],
            setting=data["setting"],
            what_was_done=data["what_was_done"],
            reflection=data["reflection"],
            ksbs=list(data["ksbs"]),
        )


def session_initial(session: MentoringSession) -> dict:
    return {
        "held_on": session.held_on,
        "learner_ref": session.learner_ref,
        "hours": session.duration_minutes // 60,
        "minutes": session.duration_minutes % 60,
        "format": session.format,
        "setting": session.setting,
        "what_was_done": session.what_was_done,
        "reflection": session.reflection,
        "ksbs": list(session.ksbs.all()),
    }
