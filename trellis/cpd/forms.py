"""Input for the CPD log."""

from django import forms

from trellis.apprenticeships.forms import DATE_WIDGET
from trellis.cpd.models import CpdRecord
from trellis.cpd.services import CpdRecordDetails
from trellis.mentoring.forms import DurationFields, KsbCheckboxesMixin, minutes_from


class CpdRecordForm(KsbCheckboxesMixin, DurationFields):
    done_on = forms.DateField(label="Date", widget=DATE_WIDGET)
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="Such as the course, article or event's name.",
    )
    kind = forms.ChoiceField(label="Kind of CPD", choices=CpdRecord.Kind.choices)
    what_was_learned = forms.CharField(
        label="What I learned", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    impact = forms.CharField(
        label="How it changes my practice",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    ksbs = forms.ModelMultipleChoiceField(
        label="KSBs", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, ksbs, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_ksbs(ksbs)

    def details(self) -> CpdRecordDetails:
        data = self.cleaned_data
        return CpdRecordDetails(
            done_on=data["done_on"],
            title=data["title"],
            kind=data["kind"],
            what_was_learned=data["what_was_learned"],
            impact=data["impact"],
            duration_minutes=minutes_from(data),
            ksbs=list(data["ksbs"]),
        )


def record_initial(record: CpdRecord) -> dict:
    minutes = record.duration_minutes
    return {
        "done_on": record.done_on,
        "title": record.title,
        "kind": record.kind,
        "hours": minutes // 60 if minutes else None,
        "minutes": minutes % 60 if minutes else None,
        "what_was_learned": record.what_was_learned,
        "impact": record.impact,
        "ksbs": list(record.ksbs.all()),
    }
