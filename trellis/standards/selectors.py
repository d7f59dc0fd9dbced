"""Reads for standards: loaded versions, their export and the page that explains them."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from trellis.standards.datafile import (
    Criterion,
    StandardData,
    validate_standard_dict,
    version_key,
)
from trellis.standards.describe import (
    describe_booking,
    describe_method_grading,
    describe_on_programme,
    describe_overall,
    describe_resit,
)
from trellis.standards.models import KSB, StandardVersion

# The rules column holds what the current schema validated when the file was loaded.
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Rule:
    """One sentence of a rule, and whether it was confirmed against the assessment plan."""

    text: str
    confirmed: bool


@dataclass(frozen=True)
class ThemeView:
    """A theme with its knowledge and skill statements."""

    number: int
    title: str
    ksbs: list[KSB]


@dataclass(frozen=True)
class MethodView:
    """An assessment method with its rules in plain words and its criteria."""

    code: str
    name: str
    weighting: int
    weighting_confirmed: bool
    rules: list[Rule]
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class StandardPage:
    """Everything a person needs to read one standard version and its assessment rules."""

    standard_version: StandardVersion
    typical_duration: Rule
    minimum_duration: Rule
    themes: list[ThemeView]
    unthemed: list[KSB]
    behaviours: list[KSB]
    on_programme: list[Rule]
    gateway: list[Rule]
    booking: list[Rule]
    methods: list[MethodView]
    overall: list[Rule]
    resit: list[Rule]

    @property
    def has_unconfirmed(self) -> bool:
        """Tell whether any rule on the page is not yet confirmed."""
        rules = [
            self.typical_duration,
            self.minimum_duration,
            *self.on_programme,
            *self.gateway,
            *self.booking,
            *(rule for method in self.methods for rule in method.rules),
            *self.overall,
            *self.resit,
        ]
        weightings = [method.weighting_confirmed for method in self.methods]
        return not all(rule.confirmed for rule in rules) or not all(weightings)


def standard_versions_list() -> list[StandardVersion]:
    """Return every loaded standard version with its standard, by reference then version."""
    versions = StandardVersion.objects.select_related("standard")
    return sorted(versions, key=lambda v: (v.standard.reference, version_key(v.version)))


def standard_version_get(*, reference: str, version: str) -> StandardVersion:
    """Return one loaded standard version with its themes and KSBs, or raise DoesNotExist."""
    return (
        StandardVersion.objects.select_related("standard")
        .prefetch_related("themes", Prefetch("ksbs", queryset=KSB.objects.select_related("theme")))
        .get(standard__reference=reference, version=version)
    )


def standard_version_latest(*, reference: str) -> StandardVersion:
    """Return the highest loaded version of a standard, or raise DoesNotExist."""
    versions = StandardVersion.objects.filter(standard__reference=reference)
    numbers = list(versions.values_list("version", flat=True))
    if not numbers:
        raise StandardVersion.DoesNotExist(f"No version of {reference} is loaded.")
    return standard_version_get(reference=reference, version=max(numbers, key=version_key))


def standard_version_data(*, standard_version: StandardVersion) -> StandardData:
    """Rebuild and re-validate the standard from a loaded version's rows and rules."""
    standard = standard_version.standard
    numbers = {theme.pk: theme.number for theme in standard_version.themes.all()}
    ksbs = list(standard_version.ksbs.all())
    raw: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "reference": standard.reference,
        "version": standard_version.version,
        "title": standard.title,
        "level": standard.level,
        "lars_code": standard.lars_code,
        "assessment_plan": standard_version.assessment_plan,
        "themes": [
            {
                "number": theme.number,
                "title": theme.title,
                # The data file's checks let each theme name exactly one knowledge and one
                # skill statement, and those statements name the theme back.
                "knowledge": _theme_code(ksbs, theme.pk, KSB.Kind.KNOWLEDGE),
                "skill": _theme_code(ksbs, theme.pk, KSB.Kind.SKILL),
            }
            for theme in standard_version.themes.all()
        ],
        "ksbs": [
            {
                "id": str(ksb.guid),
                "code": ksb.code,
                "kind": ksb.kind,
                "statement": ksb.statement,
                "theme": numbers.get(ksb.theme_id),
            }
            for ksb in ksbs
        ],
        **standard_version.rules,
    }
    return validate_standard_dict(raw, filename=standard_version.source_file)


def _theme_code(ksbs: list[KSB], theme_pk: int, kind: str) -> str:
    """Return the code of the theme's statement of this kind, or "" if it has none."""
    return next((k.code for k in ksbs if k.theme_id == theme_pk and k.kind == kind), "")


def standard_version_export(*, standard_version: StandardVersion) -> dict[str, Any]:
    """Return the loaded standard version in the shape `export_standard --json` prints."""
    return standard_version_data(standard_version=standard_version).export()


def standard_version_page(*, standard_version: StandardVersion) -> StandardPage:
    """Return the view of a standard version: KSBs by theme and every rule in plain words."""
    data = standard_version_data(standard_version=standard_version)
    ksbs = list(standard_version.ksbs.all())
    return StandardPage(
        standard_version=standard_version,
        typical_duration=_months(data.duration.typical.months, data.duration.typical.confirmed),
        minimum_duration=_months(data.duration.minimum.months, data.duration.minimum.confirmed),
        themes=[
            ThemeView(
                number=theme.number,
                title=theme.title,
                ksbs=[k for k in ksbs if k.theme_id == theme.pk],
            )
            for theme in standard_version.themes.all()
        ],
        unthemed=[k for k in ksbs if k.theme_id is None and k.kind != KSB.Kind.BEHAVIOUR],
        behaviours=[k for k in ksbs if k.kind == KSB.Kind.BEHAVIOUR],
        on_programme=_rules(describe_on_programme(data.on_programme)),
        gateway=[Rule(r.title, r.confirmed) for r in data.gateway.requirements],
        booking=_rules(describe_booking(data.booking)),
        methods=[
            MethodView(
                code=method.code,
                name=method.name,
                weighting=method.weighting,
                weighting_confirmed=method.confirmed,
                rules=_rules(describe_method_grading(method)),
                criteria=method.criteria,
            )
            for method in data.methods
        ],
        overall=_rules(describe_overall(data.overall)),
        resit=_rules(describe_resit(data.resit)),
    )


def _rules(sentences: list[tuple[str, bool]]) -> list[Rule]:
    return [Rule(text, confirmed) for text, confirmed in sentences]


def _months(months: int, confirmed: bool) -> Rule:
    return Rule(f"{months} month" if months == 1 else f"{months} months", confirmed)
