"""Reading the assessor's small forms. Each saves one thing (a KSB's finding, a session, a
score, a note), so a page can send it as it is typed and nothing else is touched."""

import uuid
from datetime import time

from django import forms


def _time(value: str) -> time | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise forms.ValidationError("Give the time as hours and minutes, such as 09:30.") from None


def _bool(data, name: str) -> bool:
    return data.get(name) in ("on", "true", "1", "yes")


def _int(value: str, field: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise forms.ValidationError({field: "Give a whole number."}) from None


def finding(data) -> dict:
    met = data.get("appears_met", "")
    return {
        "ksb_code": data.get("ksb_code", ""),
        "appears_met": {"yes": True, "no": False}.get(met),
        "gaps": data.get("gaps", ""),
    }


def session(data) -> dict:
    try:
        started_at = _time(data.get("started_at"))
        ended_at = _time(data.get("ended_at"))
    except forms.ValidationError as error:
        raise forms.ValidationError({"started_at": error.messages}) from None
    return {
        "number": _int(data.get("number"), "number") or 0,
        "learner_ref": data.get("learner_ref", ""),
        "format": data.get("format", ""),
        "genuine_confirmed": _bool(data, "genuine_confirmed"),
        "no_other_learners_confirmed": _bool(data, "no_other_learners_confirmed"),
        "started_at": started_at,
        "ended_at": ended_at,
    }


def method_record(data) -> dict:
    try:
        started_at = _time(data.get("started_at"))
        ended_at = _time(data.get("ended_at"))
    except forms.ValidationError as error:
        raise forms.ValidationError({"started_at": error.messages}) from None
    return {
        "setting_confirmed": _bool(data, "setting_confirmed"),
        "started_at": started_at,
        "ended_at": ended_at,
        "questioning_minutes": _int(data.get("questioning_minutes"), "questioning_minutes"),
    }


def score(data) -> dict:
    return {
        "criterion": data.get("criterion", ""),
        "points": _int(data.get("points"), "points"),
        "justification": data.get("justification", ""),
    }


def note(data) -> dict:
    try:
        key = uuid.UUID(data.get("key", ""))
    except ValueError:
        raise forms.ValidationError("The note's key is missing: reload the page.") from None
    return {
        "key": key,
        "text": data.get("text", ""),
        "criterion": data.get("criterion", ""),
        "session_number": _int(data.get("session"), "session"),
    }


class TerminateForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why the assessment is ended",
        choices=[
            ("safety", "Safety was compromised"),
            ("code_of_practice", "A code of practice was infringed"),
        ],
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="As you would report it to the EPAO: what you saw, when, and what you did.",
    )


class QuestionForm(forms.Form):
    method = forms.ChoiceField(label="For")
    text = forms.CharField(label="Question", widget=forms.Textarea(attrs={"rows": 3}))
    ksb_codes = forms.MultipleChoiceField(
        label="KSBs it explores", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, methods=(), ksb_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = methods
        self.fields["ksb_codes"].choices = [(code, code) for code in ksb_codes]


class ModerationForm(forms.Form):
    rationale = forms.CharField(
        label="Rationale",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you change a score: what the evidence shows, for the assessor "
        "and the EPAO.",
    )


class ConfirmForm(forms.Form):
    appeal_until = forms.DateField(
        label="Appeals can be made until",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The last day of the appeal window, as your appeals policy sets it.",
    )


class ReattemptForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of re-attempt",
        choices=[
            ("resit", "Resit: no further learning"),
            ("retake", "Retake: further learning, with a supportive action plan"),
        ],
        widget=forms.RadioSelect,
    )
    action_plan = forms.CharField(
        label="Supportive action plan", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    exceptional_circumstances = forms.CharField(
        label="Exceptional circumstances",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if the EPAO has agreed them: they lift the cap on the grade.",
    )


class CertificateForm(forms.Form):
    consent = forms.BooleanField(
        label="The apprentice has given written permission to request the certificate"
    )
    address = forms.CharField(
        label="Address for the certificate", widget=forms.Textarea(attrs={"rows": 4})
    )


class BankQuestionForm(forms.Form):
    text = forms.CharField(label="Question", widget=forms.Textarea(attrs={"rows": 3}))
    ksb_codes = forms.MultipleChoiceField(
        label="KSBs it explores", widget=forms.CheckboxSelectMultiple
    )
    review_on = forms.DateField(label="Review by", widget=forms.DateInput(attrs={"type": "date"}))
    retired = forms.BooleanField(label="Retired: no longer suggested", required=False)

    def __init__(self, *args, ksb_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ksb_codes"].choices = [(code, code) for code in ksb_codes]
