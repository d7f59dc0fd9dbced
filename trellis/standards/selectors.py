"""Reads for standards: loaded versions, their export, the page that explains them and what
changed between two versions."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from trellis.standards.compare import (
    Comparison,
    DutyContent,
    KsbContent,
    VersionContent,
    compare_versions,
)
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
from trellis.standards.models import KSB, Duty, Option, Standard, StandardVersion

# The rules column holds what the current schema validated when the file was loaded.
SCHEMA_VERSION = 1


class VersionChoiceError(ValueError):
    """A comparison asked for a version that is not loaded, or for the same version twice."""

    def __init__(self, message: str, *, side: str) -> None:
        super().__init__(message)
        self.message = message
        # "old" or "new": which of the two versions asked for is at fault.
        self.side = side


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
class DutyView:
    """A duty of the occupation with the codes of the KSBs it covers, in K, S, B order."""

    number: int
    statement: str
    is_core: bool
    option_titles: list[str]
    ksb_codes: list[str]


@dataclass(frozen=True)
class OfficialRecord:
    """What the standards feed says about a version, beyond its KSBs."""

    status: str
    earliest_start_date: date | None
    latest_start_date: date | None
    typical_duration_months: int | None
    typical_epa_period_months: int | None
    minimum_otj_hours: int | None
    funding_banner: str
    assessment_plan_url: str
    standard_page_url: str
    imported_at: datetime | None


@dataclass(frozen=True)
class StandardPage:
    """Everything a person needs to read one standard version and its assessment rules."""

    standard_version: StandardVersion
    has_rules: bool
    # Every loaded version of the same standard, this one included, lowest first.
    versions: list[StandardVersion]
    official: OfficialRecord | None
    options: list[Option]
    duties: list[DutyView]
    typical_duration: Rule | None
    minimum_duration: Rule | None
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
            *(rule for rule in (self.typical_duration, self.minimum_duration) if rule),
            *self.on_programme,
            *self.gateway,
            *self.booking,
            *(rule for method in self.methods for rule in method.rules),
            *self.overall,
            *self.resit,
        ]
        weightings = [method.weighting_confirmed for method in self.methods]
        return not all(rule.confirmed for rule in rules) or not all(weightings)

    @property
    def knowledge(self) -> list[KSB]:
        """Return the knowledge statements outside any theme."""
        return [ksb for ksb in self.unthemed if ksb.kind == KSB.Kind.KNOWLEDGE]

    @property
    def skills(self) -> list[KSB]:
        """Return the skill statements outside any theme."""
        return [ksb for ksb in self.unthemed if ksb.kind == KSB.Kind.SKILL]


@dataclass(frozen=True)
class DutyChange:
    """A duty added, removed or reworded, numbered where it stands, with each version's wording."""

    number: int
    change: str
    old_statement: str
    new_statement: str


@dataclass(frozen=True)
class ComparePage:
    """Two versions of a standard to compare, the versions to choose from and the outcome."""

    standard: Standard
    versions: list[StandardVersion]
    old: str
    new: str
    comparison: Comparison | None
    error: VersionChoiceError | None

    @property
    def duty_changes(self) -> list[DutyChange]:
        """Return the duties added, removed or reworded, in that order."""
        comparison = self.comparison
        if comparison is None:
            return []
        old, new = comparison.old, comparison.new
        return [
            *(
                DutyChange(new.duty_number(duty.id), "Added", "", duty.statement)
                for duty in comparison.duties_added
            ),
            *(
                DutyChange(old.duty_number(duty.id), "Removed", duty.statement, "")
                for duty in comparison.duties_removed
            ),
            *(
                DutyChange(new.duty_number(now.id), "Reworded", was.statement, now.statement)
                for was, now in comparison.duties_reworded
            ),
        ]


# --- Versions ---------------------------------------------------------------------------------


def standard_versions_list() -> list[StandardVersion]:
    """Return every loaded standard version with its standard, by reference then version."""
    versions = StandardVersion.objects.select_related("standard")
    return sorted(versions, key=lambda v: (v.standard.reference, version_key(v.version)))


def standard_versions_of(*, reference: str) -> list[StandardVersion]:
    """Return the loaded versions of one standard, lowest first, or raise DoesNotExist."""
    versions = StandardVersion.objects.select_related("standard").filter(
        standard__reference=reference
    )
    ordered = sorted(versions, key=lambda v: version_key(v.version))
    if not ordered:
        raise StandardVersion.DoesNotExist(f"No version of {reference} is loaded.")
    return ordered


def _with_content(queryset: QuerySet[StandardVersion]) -> QuerySet[StandardVersion]:
    """Prefetch what the page, the export and the API read: themes, KSBs, options, duties."""
    return queryset.select_related("standard").prefetch_related(
        "themes",
        Prefetch("ksbs", queryset=KSB.objects.select_related("theme")),
        "options",
        Prefetch("duties", queryset=Duty.objects.prefetch_related("ksbs", "options")),
    )


def standard_version_get(*, reference: str, version: str) -> StandardVersion:
    """Return one loaded standard version with its content, or raise DoesNotExist."""
    return _with_content(StandardVersion.objects).get(
        standard__reference=reference, version=version
    )


def standard_version_latest(*, reference: str) -> StandardVersion:
    """Return the highest loaded version of a standard, or raise DoesNotExist."""
    versions = StandardVersion.objects.filter(standard__reference=reference)
    numbers = list(versions.values_list("version", flat=True))
    if not numbers:
        raise StandardVersion.DoesNotExist(f"No version of {reference} is loaded.")
    return standard_version_get(reference=reference, version=max(numbers, key=version_key))


# --- Export -----------------------------------------------------------------------------------


def standard_version_data(*, standard_version: StandardVersion) -> StandardData | None:
    """Rebuild and re-validate the standard from a version's rows and rules, if it has rules."""
    if not standard_version.has_rules:
        return None
    standard = standard_version.standard
    raw: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "reference": standard.reference,
        "version": standard_version.version,
        "title": standard.title,
        "level": standard.level,
        "lars_code": standard.lars_code,
        "assessment_plan": standard_version.assessment_plan,
        "themes": _themes_export(standard_version),
        "ksbs": _ksbs_export(standard_version),
        **standard_version.rules,
    }
    return validate_standard_dict(raw, filename=standard_version.source_file)


def _themes_export(standard_version: StandardVersion) -> list[dict[str, Any]]:
    ksbs = list(standard_version.ksbs.all())
    return [
        {
            "number": theme.number,
            "title": theme.title,
            # The data file's checks let each theme name exactly one knowledge and one
            # skill statement, and those statements name the theme back.
            "knowledge": _theme_code(ksbs, theme.pk, KSB.Kind.KNOWLEDGE),
            "skill": _theme_code(ksbs, theme.pk, KSB.Kind.SKILL),
        }
        for theme in standard_version.themes.all()
    ]


def _ksbs_export(standard_version: StandardVersion) -> list[dict[str, Any]]:
    numbers = {theme.pk: theme.number for theme in standard_version.themes.all()}
    return [
        {
            "id": str(ksb.guid),
            "code": ksb.code,
            "kind": ksb.kind,
            "statement": ksb.statement,
            "theme": numbers.get(ksb.theme_id),
        }
        for ksb in standard_version.ksbs.all()
    ]


def _theme_code(ksbs: list[KSB], theme_pk: int, kind: str) -> str:
    """Return the code of the theme's statement of this kind, or "" if it has none."""
    return next((k.code for k in ksbs if k.theme_id == theme_pk and k.kind == kind), "")


def standard_version_export(*, standard_version: StandardVersion) -> dict[str, Any]:
    """Return the loaded standard version in the shape `export_standard --json` prints."""
    data = standard_version_data(standard_version=standard_version)
    if data is not None:
        return data.export()
    standard = standard_version.standard
    # Without its data file a version has KSBs but no methods or grading to export yet.
    return {
        "reference": standard.reference,
        "version": standard_version.version,
        "title": standard.title,
        "level": standard.level,
        "ksbs": _ksbs_export(standard_version),
        "themes": _themes_export(standard_version),
        "methods": [],
        "overall": None,
    }


# --- The page ---------------------------------------------------------------------------------


def standard_version_page(*, standard_version: StandardVersion) -> StandardPage:
    """Return the view of a standard version: its official record, KSBs, duties and rules."""
    data = standard_version_data(standard_version=standard_version)
    ksbs = list(standard_version.ksbs.all())
    themes = [
        ThemeView(
            number=theme.number,
            title=theme.title,
            ksbs=[k for k in ksbs if k.theme_id == theme.pk],
        )
        for theme in standard_version.themes.all()
    ]
    page: dict[str, Any] = {
        "standard_version": standard_version,
        "has_rules": data is not None,
        "versions": standard_versions_of(reference=standard_version.standard.reference),
        "official": _official_record(standard_version),
        "options": list(standard_version.options.all()),
        "duties": [_duty_view(duty) for duty in standard_version.duties.all()],
        "themes": themes,
        "unthemed": [k for k in ksbs if k.theme_id is None and k.kind != KSB.Kind.BEHAVIOUR],
        "behaviours": [k for k in ksbs if k.kind == KSB.Kind.BEHAVIOUR],
    }
    if data is None:
        return StandardPage(
            **page,
            typical_duration=None,
            minimum_duration=None,
            on_programme=[],
            gateway=[],
            booking=[],
            methods=[],
            overall=[],
            resit=[],
        )
    return StandardPage(
        **page,
        typical_duration=_months(data.duration.typical.months, data.duration.typical.confirmed),
        minimum_duration=_months(data.duration.minimum.months, data.duration.minimum.confirmed),
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


def _official_record(standard_version: StandardVersion) -> OfficialRecord | None:
    """Return what the feed gave for this version, or None if it was never imported."""
    if not standard_version.is_from_feed:
        return None
    return OfficialRecord(
        status=standard_version.status,
        earliest_start_date=standard_version.earliest_start_date,
        latest_start_date=standard_version.latest_start_date,
        typical_duration_months=standard_version.typical_duration_months,
        typical_epa_period_months=standard_version.typical_epa_period_months,
        minimum_otj_hours=standard_version.minimum_otj_hours,
        funding_banner=standard_version.funding_banner,
        assessment_plan_url=standard_version.assessment_plan_url,
        standard_page_url=standard_version.standard_page_url,
        imported_at=standard_version.imported_at,
    )


def _duty_view(duty: Duty) -> DutyView:
    # KSBs come in their published order (the model orders them by position): K, S, then B.
    return DutyView(
        number=duty.number,
        statement=duty.statement,
        is_core=duty.is_core,
        option_titles=[option.title for option in duty.options.all()],
        ksb_codes=[ksb.code for ksb in duty.ksbs.all()],
    )


def _rules(sentences: list[tuple[str, bool]]) -> list[Rule]:
    return [Rule(text, confirmed) for text, confirmed in sentences]


def _months(months: int, confirmed: bool) -> Rule:
    return Rule(f"{months} month" if months == 1 else f"{months} months", confirmed)


# --- Comparing versions -----------------------------------------------------------------------


def version_content(*, standard_version: StandardVersion) -> VersionContent:
    """Return a loaded version's KSBs and duties as plain content for comparison."""
    return VersionContent(
        reference=standard_version.standard.reference,
        version=standard_version.version,
        ksbs=tuple(
            KsbContent(id=str(ksb.guid), code=ksb.code, kind=ksb.kind, statement=ksb.statement)
            for ksb in standard_version.ksbs.all()
        ),
        duties=tuple(
            DutyContent(
                id=str(duty.guid),
                statement=duty.statement,
                ksb_ids=tuple(str(ksb.guid) for ksb in duty.ksbs.all()),
            )
            for duty in standard_version.duties.all()
        ),
    )


def standard_versions_compare(*, reference: str, old: str, new: str) -> Comparison:
    """Return what changed from one loaded version of a standard to another.

    Raise DoesNotExist when no version of the standard is loaded, and VersionChoiceError
    when either version is not loaded or both are the same.
    """
    found = {
        v.version: v
        for v in StandardVersion.objects.select_related("standard").filter(
            standard__reference=reference, version__in=[old, new]
        )
    }
    for side, number in (("old", old), ("new", new)):
        if number not in found:
            loaded = [v.version for v in standard_versions_of(reference=reference)]
            choice = (
                f"Choose one of {_and_list(loaded)}"
                if len(loaded) > 1
                else f"Only version {loaded[0]} is loaded"
            )
            raise VersionChoiceError(
                f"Version {number} of {reference} is not loaded. {choice}.", side=side
            )
    if old == new:
        raise VersionChoiceError(
            f"Choose two different versions to compare, not {old} twice.", side="new"
        )
    versions = [found[old], found[new]]
    # Duties' KSBs come in position order, so the content lists them as the feed does.
    prefetch_related_objects(
        versions, "ksbs", Prefetch("duties", queryset=Duty.objects.prefetch_related("ksbs"))
    )
    return compare_versions(
        version_content(standard_version=found[old]),
        version_content(standard_version=found[new]),
    )


def standard_compare_page(*, reference: str, old: str, new: str) -> ComparePage:
    """Return the comparison of two versions, lowest and highest unless others are named.

    Raise DoesNotExist when no version of the standard is loaded; a version asked for that
    is not loaded is reported on the page rather than raised.
    """
    versions = standard_versions_of(reference=reference)
    old = old or versions[0].version
    new = new or versions[-1].version
    comparison = error = None
    # With one version loaded there is nothing to compare, and nothing was asked amiss.
    if len(versions) > 1:
        try:
            comparison = standard_versions_compare(reference=reference, old=old, new=new)
        except VersionChoiceError as exc:
            error = exc
    return ComparePage(
        standard=versions[0].standard,
        versions=versions,
        old=old,
        new=new,
        comparison=comparison,
        error=error,
    )


def _and_list(items: list[str]) -> str:
    """Return items as "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
