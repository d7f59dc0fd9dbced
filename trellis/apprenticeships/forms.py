from decimal import Decimal

from django import forms
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship, StatusChange
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
    date_of_birth = forms.DateField(
        label="Apprentice's date of birth",
        widget=DATE_WIDGET,
        required=False,
        help_text="Their age at the start decides whether English and maths are required.",
    )
    contracted_weekly_hours = forms.DecimalField(
        label="Contracted hours a week",
        min_value=Decimal("1"),
        max_value=Decimal("60"),
        max_digits=4,
        decimal_places=1,
        initial=Decimal("30"),
        help_text="The paid hours in the apprentice's contract, from 1 to 60. Off-the-job "
        "training hours rest on them.",
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
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
            date_of_birth=data["date_of_birth"],
            contracted_weekly_hours=data["contracted_weekly_hours"],
        )


class EnrolmentForm(EnrolmentDetailsForm):
    """A new apprenticeship: the apprentice, their employer and standard, then the details."""

    field_order = [
        "apprentice_name",
        "apprentice_email",
        "date_of_birth",
        "employer",
        "standard",
        "consultant",
        "start_date",
        "planned_end_date",
        "contracted_weekly_hours",
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


# A break in learning and a withdrawal are recorded with their dates and reasons through
# their own actions on the overview, never by picking a status here.
STATUS_CHANGES_ELSEWHERE = (
    Apprenticeship.Status.BREAK_IN_LEARNING,
    Apprenticeship.Status.WITHDRAWN,
)


class EnrolmentChangeForm(EnrolmentDetailsForm):
    """Changes to an existing enrolment, guarded against concurrent edits."""

    field_order = [
        "consultant",
        "start_date",
        "planned_end_date",
        "contracted_weekly_hours",
        "date_of_birth",
        "epao",
        "entry_requirements",
        "entry_requirements_met",
        "status",
    ]

    status = forms.ChoiceField(
        label="Status",
        choices=[
            choice
            for choice in Apprenticeship.Status.choices
            if choice[0] not in STATUS_CHANGES_ELSEWHERE
        ],
        help_text="To record a break in learning, a return or a withdrawal, use its action "
        "on the overview.",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, current_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        if current_status in STATUS_CHANGES_ELSEWHERE:
            # Kept as it is: the return or a new enrolment changes it, with their own record.
            field = self.fields["status"]
            field.choices = [(current_status, Apprenticeship.Status(current_status).label)]
            field.disabled = True
            field.initial = current_status


class BreakInLearningForm(forms.Form):
    effective_date = forms.DateField(label="First day of the break", widget=DATE_WIDGET)
    expected_return_date = forms.DateField(label="Expected return date", widget=DATE_WIDGET)
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, long-term illness or parental leave.",
    )


class ReturnToLearningForm(forms.Form):
    effective_date = forms.DateField(
        label="Day learning resumes", widget=DATE_WIDGET, initial=timezone.localdate
    )


class WithdrawalForm(forms.Form):
    effective_date = forms.DateField(
        label="Date of the last evidenced learning",
        widget=DATE_WIDGET,
        help_text="The withdrawal is dated at the last day the apprentice is known to have "
        "learned, such as their latest confirmed off-the-job training.",
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))


class EmployerChangeForm(forms.Form):
    new_employer = forms.ModelChoiceField(
        label="New employer",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER),
        empty_label="Choose the new employer",
    )
    effective_date = forms.DateField(label="First day with the new employer", widget=DATE_WIDGET)
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, current_employer: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_employer"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.EMPLOYER
        ).exclude(pk=current_employer.pk)


STATUS_CHANGE_FORMS = {
    StatusChange.Kind.BREAK_IN_LEARNING: BreakInLearningForm,
    StatusChange.Kind.RETURN_TO_LEARNING: ReturnToLearningForm,
    StatusChange.Kind.WITHDRAWAL: WithdrawalForm,
    StatusChange.Kind.CHANGE_OF_EMPLOYER: EmployerChangeForm,
}
