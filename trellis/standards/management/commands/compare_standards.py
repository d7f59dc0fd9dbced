from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.standards.compare import Comparison
from trellis.standards.models import StandardVersion
from trellis.standards.selectors import (
    VersionChoiceError,
    standard_versions_compare,
    standard_versions_list,
)


class Command(BaseCommand):
    help = (
        "Print what changed in KSBs, duties and which KSBs each duty covers between two loaded "
        "versions of a standard: a summary, then the old and new wording of what was reworded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The standard's reference, such as ST1379.")
        parser.add_argument("old", metavar="V1", help="The earlier version, such as 1.0.")
        parser.add_argument("new", metavar="V2", help="The later version, such as 1.3.")

    def handle(self, *args, reference: str, old: str, new: str, **options) -> None:
        try:
            comparison = standard_versions_compare(reference=reference, old=old, new=new)
        except VersionChoiceError as error:
            raise CommandError(error.message) from None
        except StandardVersion.DoesNotExist:
            loaded = sorted({v.standard.reference for v in standard_versions_list()})
            if not loaded:
                raise CommandError(
                    f"{reference} is not loaded, nor is any other standard: run import_ifate."
                ) from None
            raise CommandError(
                f"{reference} is not loaded. Loaded standards: {', '.join(loaded)}."
            ) from None
        self.stdout.write("\n".join(_text_lines(comparison)))


def _text_lines(comparison: Comparison) -> list[str]:
    """Return the summary, then the wording before and after of each reworded item."""
    old, new = comparison.old, comparison.new
    lines = [f"{new.reference} version {old.version} to version {new.version}", ""]
    lines += comparison.summary()
    if comparison.ksbs_reworded:
        lines += ["", "Reworded KSBs"]
        for was, now in comparison.ksbs_reworded:
            lines += [f"  {now.code}", f"    {old.version}: {was.statement}"]
            lines += [f"    {new.version}: {now.statement}"]
    if comparison.duties_reworded:
        lines += ["", "Reworded duties"]
        for was, now in comparison.duties_reworded:
            lines += [f"  Duty {new.duty_number(now.id)}", f"    {old.version}: {was.statement}"]
            lines += [f"    {new.version}: {now.statement}"]
    if comparison.mappings_changed:
        lines += ["", "Duties that now cover different KSBs"]
        for change in comparison.mappings_changed:
            lines.append(f"  Duty {change.duty_number}: {change.new_duty.statement}")
            if change.codes_added:
                lines.append(f"    Now also covers {', '.join(change.codes_added)}")
            if change.codes_removed:
                lines.append(f"    No longer covers {', '.join(change.codes_removed)}")
    return lines
