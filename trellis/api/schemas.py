"""The shapes the JSON API accepts and returns."""

from datetime import date
from uuid import UUID

from ninja import Field, Schema

from trellis.apprenticeships.models import Apprenticeship
from trellis.standards.models import KSB


class ErrorOut(Schema):
    detail: str


class StandardVersionOut(Schema):
    reference: str = Field(validation_alias="standard.reference")
    version: str
    title: str = Field(validation_alias="standard.title")
    level: int = Field(validation_alias="standard.level")
    lars_code: int | None = Field(validation_alias="standard.lars_code")
    typical_duration_months: int
    minimum_duration_months: int


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


class StandardVersionDetailOut(StandardVersionOut):
    themes: list[ThemeOut]
    ksbs: list[KSBOut]


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
