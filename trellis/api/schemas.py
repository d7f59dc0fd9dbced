"""The shapes the JSON API accepts and returns."""

from datetime import date
from uuid import UUID

from ninja import Field, Schema

from trellis.apprenticeships.models import Apprenticeship
from trellis.standards.models import KSB, Duty


class ErrorOut(Schema):
    detail: str


class StandardVersionOut(Schema):
    reference: str = Field(validation_alias="standard.reference")
    version: str
    title: str = Field(validation_alias="standard.title")
    level: int = Field(validation_alias="standard.level")
    lars_code: int | None = Field(validation_alias="standard.lars_code")
    status: str = Field(description="As the standards feed gives it; empty if not imported.")
    earliest_start_date: date | None
    latest_start_date: date | None
    typical_duration_months: int | None
    minimum_duration_months: int | None
    minimum_otj_hours: int | None = Field(
        description="The minimum hours of off-the-job training, as the standards feed gives it."
    )
    has_rules: bool = Field(
        description="Whether the end-point assessment rules are set, so apprentices can enrol."
    )


class ThemeOut(Schema):
    number: int
    title: str


class KSBOut(Schema):
    id: UUID = Field(validation_alias="guid", description="The official identifier.")
    code: str
    kind: KSB.Kind
    statement: str
    theme: int | None = Field(
        None, validation_alias="theme.number", description="The number of the KSB's theme, if any."
    )


class OptionOut(Schema):
    id: UUID = Field(validation_alias="guid", description="The official identifier.")
    code: str
    title: str


class DutyOut(Schema):
    number: int
    id: UUID = Field(validation_alias="guid", description="The official identifier.")
    statement: str
    is_core: bool = Field(description="False for a duty that belongs to options only.")
    ksbs: list[str] = Field(description="The codes of the KSBs the duty covers, K, S then B.")
    options: list[UUID] = Field(description="The identifiers of the options the duty is for.")

    @staticmethod
    def resolve_ksbs(duty: Duty) -> list[str]:
        return [ksb.code for ksb in duty.ksbs.all()]

    @staticmethod
    def resolve_options(duty: Duty) -> list[UUID]:
        return [option.guid for option in duty.options.all()]


class StandardVersionDetailOut(StandardVersionOut):
    typical_epa_period_months: int | None
    funding_banner: str
    assessment_plan_url: str
    standard_page_url: str
    themes: list[ThemeOut]
    ksbs: list[KSBOut]
    options: list[OptionOut]
    duties: list[DutyOut]


class PersonOut(Schema):
    name: str = Field(validation_alias="full_name")
    email: str


class OrganisationOut(Schema):
    id: int
    name: str


class EpaoOut(OrganisationOut):
    epao_id: str


class StandardRefOut(Schema):
    reference: str = Field(validation_alias="standard.reference")
    version: str


class ApprenticeshipOut(Schema):
    id: int
    apprentice: PersonOut
    employer: OrganisationOut
    provider: OrganisationOut
    epao: EpaoOut | None
    standard: StandardRefOut = Field(validation_alias="standard_version")
    consultant: PersonOut | None
    start_date: date
    planned_end_date: date
    status: Apprenticeship.Status
    entry_requirements_met: bool
