import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.standards.models import KSB, StandardVersion
from trellis.standards.selectors import (
    DutyView,
    Rule,
    StandardPage,
    standard_version_export,
    standard_version_get,
    standard_version_latest,
    standard_version_page,
    standard_versions_list,
)


class Command(BaseCommand):
    help = (
        "Print a standard version as it is loaded in the database: its themes, KSBs and "
        "assessment rules, or with --json the same data as its data file gives."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        # --version names the standard's version here, so it replaces Django's own option.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The standard's reference, such as ST0148.")
        parser.add_argument("--version", help="The version, such as 1.0; the highest if omitted.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print JSON instead of text."
        )

    def handle(self, *args, reference: str, version: str | None, as_json: bool, **options) -> None:
        standard_version = self.standard_version_find(reference=reference, version=version)
        if as_json:
            exported = standard_version_export(standard_version=standard_version)
            self.stdout.write(json.dumps(exported, indent=2, ensure_ascii=False))
        else:
            page = standard_version_page(standard_version=standard_version)
            self.stdout.write("\n".join(_text_lines(page)))

    def standard_version_find(self, *, reference: str, version: str | None) -> StandardVersion:
        """Return the version asked for, or explain which versions are loaded."""
        try:
            if version is None:
                return standard_version_latest(reference=reference)
            return standard_version_get(reference=reference, version=version)
        except StandardVersion.DoesNotExist:
            wanted = reference if version is None else f"{reference} v{version}"
            loaded = [f"{v.standard.reference} v{v.version}" for v in standard_versions_list()]
            if not loaded:
                raise CommandError(
                    f"{wanted} is not loaded, nor is any other standard: run load_standards."
                ) from None
            raise CommandError(f"{wanted} is not loaded. Loaded: {', '.join(loaded)}.") from None


def _text_lines(page: StandardPage) -> list[str]:
    """Return the standard version as lines of plain text, unconfirmed rules marked."""
    version = page.standard_version
    standard = version.standard
    lines = [
        f"{standard.reference} v{version.version} {standard.title}",
        f"Level {standard.level}, LARS code {standard.lars_code}",
    ]
    if page.official is not None:
        lines.append(f"Status: {page.official.status or 'not recorded'}")
    if page.has_rules:
        lines += [
            f"Assessment plan: {version.assessment_plan}",
            f"Typical duration: {_rule(page.typical_duration)}",
            f"Minimum duration: {_rule(page.minimum_duration)}",
        ]
        lines += _section("On programme", [_rule(rule) for rule in page.on_programme])
        lines += _section("Gateway", [_rule(rule) for rule in page.gateway])
    else:
        lines.append("Assessment rules: not set yet; load the standard's data file.")
    for theme in page.themes:
        lines += _section(f"Theme {theme.number}: {theme.title}", _ksb_lines(theme.ksbs))
    if page.unthemed:
        heading = "Other knowledge and skills" if page.themes else "Knowledge and skills"
        lines += _section(heading, _ksb_lines(page.unthemed))
    lines += _section("Behaviours", _ksb_lines(page.behaviours))
    if page.duties:
        lines += _section("Duties", [_duty_line(duty) for duty in page.duties])
    if not page.has_rules:
        return lines
    lines += _section("Booking", [_rule(rule) for rule in page.booking])
    for method in page.methods:
        weighting = _rule(Rule(f"{method.weighting}%", method.weighting_confirmed))
        criteria = [
            f"{c.code:<4} {c.title} ({', '.join(c.ksbs)}; up to {c.max_points} points)"
            for c in method.criteria
        ]
        rules = [_rule(rule) for rule in method.rules]
        lines += _section(f"Method {method.code}: {method.name}, {weighting}", rules + criteria)
    lines += _section("Overall grade", [_rule(rule) for rule in page.overall])
    lines += _section("Resits and retakes", [_rule(rule) for rule in page.resit])
    return lines


def _duty_line(duty: DutyView) -> str:
    option = "" if duty.is_core else f" [option: {', '.join(duty.option_titles) or 'unnamed'}]"
    return f"{duty.number:<4} {duty.statement}{option} ({', '.join(duty.ksb_codes)})"


def _section(heading: str, items: list[str]) -> list[str]:
    return ["", heading, *(f"  {item}" for item in items)]


def _ksb_lines(ksbs: list[KSB]) -> list[str]:
    return [f"{ksb.code:<4} {ksb.statement}" for ksb in ksbs]


def _rule(rule: Rule | None) -> str:
    if rule is None:
        return "not recorded"
    return rule.text if rule.confirmed else f"{rule.text} [unconfirmed]"
