from django import forms

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.services import EnrolmentDetails
from trellis.organisations.models import Organisation, User
from trellis.organisations.roles import Role
from trellis.standards.models import Standard

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EnrolmentDetailsForm(forms.Form):
    """The parts of an enrolment a provider admin may set and change."""

    consultant = forms.ModelChoiceField(
        label="Training consultant",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not yet assigned",
    )
    start_date = forms.DateField(label="Start date", widget=DATE_WIDGET)
    planned_end_date = forms.DateField(
        label="Planned end date",
        widget=DATE_WIDGET,
        help_text="The end of the practical period, before the end-point assessment.",
    )
    epao = forms.ModelChoiceField(
        label="End-point assessment organisation",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.EPAO),
        required=False,
        empty_label="Not yet chosen by the employer",
        help_text="Chosen by the employer; it must be named at least 6 months before the "
        "planned end date.",
    )
    entry_requirements = forms.CharField(
        label="Employer's entry requirements",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The selection criteria the employer set, such as qualifications or experience.",
    )
    entry_requirements_met = forms.BooleanField(
        label="The apprentice meets the employer's entry requirements", required=False
    )

    def __init__(self, *args, provider: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = User.objects.filter(
            memberships__organisation=provider, memberships__role=Role.CONSULTANT
        ).distinct()

    def details(self) -> EnrolmentDetails:
        data = self.cleaned_data
        return EnrolmentDetails(
            consultant=data["consultant"],
            epao=data["epao"],
            start_date=data["start_date"],
            planned_end_date=data["planned_end_date"],
            entry_requirements=data["entry_requirements"].strip(),
            entry_requirements_met=data["entry_requirements_met"],
        )


class EnrolmentForm(EnrolmentDetailsForm):
    """A new apprenticeship: the apprentice, their employer and standard, then the details."""

    field_order = [
        "apprentice_name",
        "apprentice_email",
        "employer",
        "standard",
        "consultant",
        "start_date",
        "planned_end_date",
        "epao",
        "entry_requirements",
        "entry_requirements_met",
    ]

    apprentice_name = forms.CharField(label="Apprentice's full name", max_length=150)
    apprentice_email = forms.EmailField(
        label="Apprentice's email address",
        help_text="They sign in with this address. Someone new chooses their password with "
        "“Forgotten your password?” on the sign-in page.",
    )
    employer = forms.ModelChoiceField(
        label="Employer",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER),
        empty_label="Choose the employer",
    )
    standard = forms.ModelChoiceField(
        label="Standard",
        queryset=Standard.objects.filter(versions__rules__isnull=False).distinct(),
        empty_label="Choose the standard",
        help_text="The apprentice starts on the version of the standard approved for their "
        "start date.",
    )

    def clean_apprentice_email(self) -> str:
        return self.cleaned_data["apprentice_email"].strip().lower()


class EnrolmentChangeForm(EnrolmentDetailsForm):
    """Changes to an existing enrolment, guarded against concurrent edits."""

    status = forms.ChoiceField(label="Status", choices=Apprenticeship.Status.choices)
    revision = forms.IntegerField(widget=forms.HiddenInput)
