"""Input for evidence: an item's words, its KSB mapping, a file, and the consultant's decisions."""

from django import forms

from trellis.apprenticeships.forms import DATE_WIDGET
from trellis.portfolio.files import ACCEPT_ATTRIBUTE
from trellis.portfolio.models import Decision, EvidenceKind, Judgement
from trellis.portfolio.services import EvidenceDetails, justification_field

KIND_HINTS = {
    EvidenceKind.FILE: "A document, photo, recording or video you upload.",
    EvidenceKind.REFLECTIVE_ACCOUNT: "What you did, what happened and what you learnt.",
    EvidenceKind.WITNESS_TESTIMONY: "What a named witness saw you do.",
    EvidenceKind.OBSERVATION: "What you saw the apprentice do.",
    EvidenceKind.PROFESSIONAL_DISCUSSION: "Notes of a discussion with the apprentice.",
}


class EvidenceKindForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of evidence is it?", widget=forms.RadioSelect)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, EvidenceKind(kind).label) for kind in kinds]


class EvidenceForm(forms.Form):
    """An item's words; which fields show depends on its kind."""

    title = forms.CharField(label="Title", max_length=200)
    occurred_on = forms.DateField(label="Date of the evidence", widget=DATE_WIDGET)
    witness_name = forms.CharField(label="Witness's name", max_length=200, required=False)
    witness_role = forms.CharField(
        label="Witness's role", max_length=200, required=False, help_text="Such as line manager."
    )
    body = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 8}), required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    BODY_LABELS = {
        EvidenceKind.REFLECTIVE_ACCOUNT: "Your reflective account",
        EvidenceKind.WITNESS_TESTIMONY: "The witness's testimony",
        EvidenceKind.OBSERVATION: "What you observed",
        EvidenceKind.PROFESSIONAL_DISCUSSION: "Notes of the discussion",
        EvidenceKind.FILE: "Description",
    }

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind != EvidenceKind.WITNESS_TESTIMONY:
            del self.fields["witness_name"]
            del self.fields["witness_role"]
        self.fields["body"].label = self.BODY_LABELS.get(kind, "Notes")
        if kind in (EvidenceKind.FILE, EvidenceKind.MENTORING_SESSION, EvidenceKind.CPD):
            self.fields["body"].help_text = "Optional: what the evidence is and what it shows."

    def details(self) -> EvidenceDetails:
        data = self.cleaned_data
        return EvidenceDetails(
            title=data["title"],
            occurred_on=data["occurred_on"],
            body=data.get("body", ""),
            witness_name=data.get("witness_name", ""),
            witness_role=data.get("witness_role", ""),
        )


class MappingForm(forms.Form):
    """A checkbox for each KSB of the standard, with a box beside it for the reason."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, ksbs, **kwargs):
        super().__init__(*args, **kwargs)
        self.ksbs = list(ksbs)
        for ksb in self.ksbs:
            self.fields[f"ksb_{ksb.code}"] = forms.BooleanField(
                label=f"{ksb.code} {ksb.statement}", required=False
            )
            self.fields[justification_field(ksb.code)] = forms.CharField(
                label=f"How this shows {ksb.code}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
            )

    def groups(self):
        """Return (heading, [(ksb, checkbox, justification)]) for Knowledge, Skills, Behaviours."""
        headings = {"knowledge": "Knowledge", "skill": "Skills", "behaviour": "Behaviours"}
        groups = {kind: [] for kind in headings}
        for ksb in self.ksbs:
            groups.setdefault(ksb.kind, []).append(
                (ksb, self[f"ksb_{ksb.code}"], self[justification_field(ksb.code)])
            )
        return [(headings.get(kind, kind), rows) for kind, rows in groups.items() if rows]

    def justifications(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            ksb.code: data.get(justification_field(ksb.code), "")
            for ksb in self.ksbs
            if data.get(f"ksb_{ksb.code}")
        }


class FileForm(forms.Form):
    file = forms.FileField(
        label="Choose a file",
        help_text="PDF, Word, Excel, PowerPoint, a photo (JPEG, PNG, HEIC), audio (MP3, M4A, "
        "WAV) or video (MP4, MOV).",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={"required": "Choose a file to upload."},
    )


class AssessForm(forms.Form):
    """A judgement for each mapped KSB, and optional feedback."""

    feedback = forms.CharField(
        label="Feedback",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, mappings, **kwargs):
        super().__init__(*args, **kwargs)
        self.mappings = list(mappings)
        for mapping in self.mappings:
            self.fields[f"judgement_{mapping.ksb.code}"] = forms.ChoiceField(
                label=f"{mapping.ksb.code} {mapping.ksb.statement}",
                choices=Judgement.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Judge {mapping.ksb.code} “working towards” or “secure”."
                },
            )

    def rows(self):
        return [(m, self[f"judgement_{m.ksb.code}"]) for m in self.mappings]

    def judgements(self) -> dict[str, str]:
        return {m.ksb.code: self.cleaned_data[f"judgement_{m.ksb.code}"] for m in self.mappings}


class ReturnForm(forms.Form):
    feedback = forms.CharField(
        label="What should be improved?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what to improve, so that the item can be resubmitted."},
    )


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label="Why was the decision wrong?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the earlier decision was wrong."},
    )
    outcome = forms.ChoiceField(
        label="The right decision",
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose “assessed” or “returned with feedback”."},
    )
    feedback = forms.CharField(
        label="Feedback", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, mappings, **kwargs):
        super().__init__(*args, **kwargs)
        self.mappings = list(mappings)
        for mapping in self.mappings:
            self.fields[f"judgement_{mapping.ksb.code}"] = forms.ChoiceField(
                label=f"{mapping.ksb.code} {mapping.ksb.statement}",
                choices=Judgement.choices,
                widget=forms.RadioSelect,
                required=False,
            )

    def rows(self):
        return [(m, self[f"judgement_{m.ksb.code}"]) for m in self.mappings]

    def judgements(self) -> dict[str, str]:
        return {
            m.ksb.code: self.cleaned_data[f"judgement_{m.ksb.code}"]
            for m in self.mappings
            if self.cleaned_data.get(f"judgement_{m.ksb.code}")
        }
