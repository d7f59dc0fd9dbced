"""The caseload page's filter and sort form, read from the query string."""

from django import forms

from trellis.caseload.selectors import (
    DEFAULT_SORT,
    DEFAULT_STATUS,
    FLAG_FILTERS,
    SORTS,
    STATUS_FILTERS,
    CaseloadQuery,
)


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label="Apprentice's name", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[(value, label) for value, (label, _) in STATUS_FILTERS.items()],
    )
    flag = forms.ChoiceField(
        label="Needs attention",
        required=False,
        choices=[("", "Any"), *FLAG_FILTERS.items()],
    )
    consultant = forms.TypedChoiceField(label="Consultant", required=False, coerce=int)
    employer = forms.TypedChoiceField(label="Employer", required=False, coerce=int)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(value, label) for value, (label, _) in SORTS.items()],
    )
    order = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("asc", "Ascending"), ("desc", "Descending")],
    )

    def __init__(self, data, *, consultants=None, employers=None):
        super().__init__(data)
        if consultants is None:
            del self.fields["consultant"]
        else:
            self.fields["consultant"].choices = [("", "All consultants"), *consultants]
        if employers is None:
            del self.fields["employer"]
        else:
            self.fields["employer"].choices = [("", "All employers"), *employers]

    def caseload_query(self) -> CaseloadQuery:
        """Return what was asked for; a value that does not fit falls back to the default."""
        self.is_valid()
        values = self.cleaned_data
        return CaseloadQuery(
            status=values.get("status") or DEFAULT_STATUS,
            consultant_id=values.get("consultant") or None,
            employer_id=values.get("employer") or None,
            flag=values.get("flag") or "",
            search=(values.get("q") or "").strip(),
            sort=values.get("sort") or DEFAULT_SORT,
            descending=values.get("order") == "desc",
        )
