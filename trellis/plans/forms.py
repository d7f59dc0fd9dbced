from decimal import Decimal

from django import forms

from trellis.apprenticeships.forms import DATE_WIDGET
from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import Organisation
from trellis.plans.models import ActivityKind, PlanActivity
from trellis.plans.selectors import KSB_GROUPS, ksbs_for
from trellis.plans.services import ActivityDetails
from trellis.wording import day_label

CHANGE_SUMMARY_HELP = (
    "This version has been signed, so your change makes a new version that all three parties "
    "sign again. Say what changes and why."
)


class KSBChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.statement}"


class ChangeSummaryMixin:
    """Ask what changed and why when the change makes a new version of a signed plan."""

    def _add_change_summary(self, makes_new_version: bool) -> None:
        self.makes_new_version = makes_new_version
        if makes_new_version:
            self.fields["change_summary"] = forms.CharField(
                label="What changes and why",
                help_text=CHANGE_SUMMARY_HELP,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=2000,
                error_messages={
                    "required": "Say what changes and why: everyone signs the new version again."
                },
            )

    def summary_of_change(self) -> str:
        return self.cleaned_data.get("change_summary", "").strip()


class ActivityForm(ChangeSummaryMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    kind = forms.ChoiceField(label="Kind of activity", choices=ActivityKind.choices)
    ksbs = KSBChoiceField(
        label="KSBs covered",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one KSB that the activity covers."},
    )
    planned_start = forms.DateField(label="Planned start", widget=DATE_WIDGET)
    planned_end = forms.DateField(label="Planned end", widget=DATE_WIDGET)
    planned_otj_hours = forms.DecimalField(
        label="Planned off-the-job hours",
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        help_text="In quarter hours, for example 7.5 or 1.25.",
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )
    status = forms.ChoiceField(label="Status", choices=PlanActivity.Status.choices)

    def __init__(self, *args, apprenticeship: Apprenticeship, makes_new_version: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ksbs"].queryset = ksbs_for(apprenticeship)
        start, end = apprenticeship.start_date, apprenticeship.planned_end_date
        for name in ("planned_start", "planned_end"):
            self.fields[name].widget = forms.DateInput(
                attrs={"type": "date", "min": start.isoformat(), "max": end.isoformat()},
                format="%Y-%m-%d",
            )
            self.fields[name].help_text = f"Between {day_label(start)} and {day_label(end)}."
        self._add_change_summary(makes_new_version)

    def ksb_groups(self):
        """Return the KSB checkboxes grouped as knowledge, skills and behaviours."""
        by_kind = {kind: [] for kind, _ in KSB_GROUPS}
        ksbs = {str(ksb.pk): ksb for ksb in self.fields["ksbs"].queryset}
        for option in self["ksbs"]:
            ksb = ksbs.get(str(option.data["value"]))
            if ksb is not None:
                by_kind[ksb.kind].append((ksb, option))
        return [(label, by_kind[kind]) for kind, label in KSB_GROUPS if by_kind[kind]]

    def details(self) -> ActivityDetails:
        data = self.cleaned_data
        return ActivityDetails(
            title=data["title"],
            kind=data["kind"],
            ksbs=list(data["ksbs"]),
            planned_start=data["planned_start"],
            planned_end=data["planned_end"],
            planned_otj_hours=data["planned_otj_hours"],
            status=data["status"],
        )


class ActivityRemoveForm(ChangeSummaryMixin, forms.Form):
    def __init__(self, *args, makes_new_version: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_change_summary(makes_new_version)


class EpaoForm(ChangeSummaryMixin, forms.Form):
    epao = forms.ModelChoiceField(
        label="End-point assessment organisation",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.EPAO).order_by("name"),
        required=False,
        empty_label="Not yet chosen by the employer",
        help_text="The one the employer has chosen to assess the apprentice.",
    )

    def __init__(self, *args, makes_new_version: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_change_summary(makes_new_version)


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
