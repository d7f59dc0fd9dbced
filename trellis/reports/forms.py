"""The dashboard's filters, read from the query string."""

from django import forms

from trellis.reports.selectors import DashboardQuery


class DashboardFilterForm(forms.Form):
    consultant = forms.TypedChoiceField(label="Consultant", required=False, coerce=int)
    employer = forms.TypedChoiceField(label="Employer", required=False, coerce=int)
    cohort = forms.TypedChoiceField(label="Cohort (start year)", required=False, coerce=int)

    def __init__(self, data, *, consultants=None, employers=(), cohorts=()):
        super().__init__(data)
        if consultants is None:
            del self.fields["consultant"]
        else:
            self.fields["consultant"].choices = [("", "All consultants"), *consultants]
        self.fields["employer"].choices = [("", "All employers"), *employers]
        self.fields["cohort"].choices = [("", "All cohorts"), *((y, str(y)) for y in cohorts)]

    def dashboard_query(self) -> DashboardQuery:
        """Return the filters asked for; one that does not fit is left out (and shown)."""
        self.is_valid()
        values = getattr(self, "cleaned_data", {})
        return DashboardQuery(
            consultant_id=values.get("consultant") or None,
            employer_id=values.get("employer") or None,
            cohort=values.get("cohort") or None,
        )
