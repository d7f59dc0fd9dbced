from django import forms

from trellis.apprenticeships.forms import DATE_WIDGET
from trellis.qualifications.models import AdditionalQualification, EnglishMaths
from trellis.qualifications.services import certificate_problem


class SafeguardingForm(forms.Form):
    """The Level 1 Safeguarding achievement and its evidence."""

    achieved_on = forms.DateField(label="Date achieved", widget=DATE_WIDGET)
    certificate = forms.FileField(
        label="Certificate",
        required=False,
        help_text="A PDF, JPEG or PNG file smaller than 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    certificate_reference = forms.CharField(
        label="Certificate number",
        max_length=100,
        required=False,
        help_text="Give the certificate number if you have no file to upload.",
    )

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        if upload:
            problem = certificate_problem(upload)
            if problem:
                raise forms.ValidationError(problem)
        return upload or None


class EnglishMathsForm(forms.Form):
    """One subject's prior GCSE grade and Functional Skills level 2 result."""

    prior_gcse_grade = forms.ChoiceField(
        label="Highest GCSE grade held",
        choices=EnglishMaths.GcseGrade.choices,
        required=False,
        help_text="Grade C or 4 and above means Functional Skills is not needed.",
    )
    functional_skills_level_2_result = forms.ChoiceField(
        label="Functional Skills level 2 result", choices=EnglishMaths.Result.choices
    )
    functional_skills_level_2_date = forms.DateField(
        label="Date of the result", widget=DATE_WIDGET, required=False
    )


class EmployerRequirementForm(forms.Form):
    """Whether the employer asks for English and maths where they are optional."""

    english = forms.BooleanField(label="The employer asks for English level 2", required=False)
    maths = forms.BooleanField(label="The employer asks for maths level 2", required=False)


class AdditionalQualificationForm(forms.Form):
    """A qualification the employer asks for beyond the standard."""

    title = forms.CharField(
        label="Qualification",
        max_length=200,
        help_text="For example, Level 3 Award in Education and Training.",
    )
    awarding_body = forms.CharField(label="Awarding body", max_length=200, required=False)
    result = forms.ChoiceField(label="Result", choices=AdditionalQualification.Result.choices)
    achieved_on = forms.DateField(
        label="Date of the result",
        widget=DATE_WIDGET,
        required=False,
        help_text="Leave empty while it is in progress.",
    )
