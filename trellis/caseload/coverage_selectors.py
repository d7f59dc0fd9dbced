"""Reads for the caseload's KSB coverage matrix: one page of apprentices in a fixed number of
queries, whatever the size of the caseload.

The page's apprenticeships, the KSBs of the standard versions they are on and their stored
coverage are read in one query each; the tables are put together here.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.caseload.selectors import CaseloadQuery, caseload_apprenticeships
from trellis.organisations.models import User
from trellis.portfolio.models import KsbCoverage
from trellis.standards.models import KSB, StandardVersion

State = KsbCoverage.State
# Short enough for a cell; the full word goes with it for screen readers and in the legend.
STATE_SYMBOLS = {State.SECURE: "✓", State.WORKING_TOWARDS: "◐", State.NONE: "\u2013"}


def matrix_apprenticeships(user: User, query: CaseloadQuery) -> QuerySet[Apprenticeship]:
    """Return the apprenticeships of this person's caseload page that match, by name, with
    what the matrix shows of each read along."""
    return caseload_apprenticeships(user, query, timezone.localdate()).select_related(
        "standard_version__standard"
    )


@dataclass(frozen=True)
class MatrixCell:
    ksb: KSB
    state: str

    @property
    def label(self) -> str:
        return State(self.state).label

    @property
    def symbol(self) -> str:
        return STATE_SYMBOLS[self.state]


@dataclass(frozen=True)
class MatrixRow:
    apprenticeship: Apprenticeship
    cells: list[MatrixCell]

    @property
    def secure(self) -> int:
        return sum(cell.state == State.SECURE for cell in self.cells)

    @property
    def working_towards(self) -> int:
        return sum(cell.state == State.WORKING_TOWARDS for cell in self.cells)

    @property
    def total(self) -> int:
        return len(self.cells)


@dataclass(frozen=True)
class MatrixTable:
    """The apprentices of the page on one standard version, one column per KSB."""

    standard_version: StandardVersion
    ksbs: list[KSB]
    rows: list[MatrixRow]


def coverage_matrix(apprenticeships: Sequence[Apprenticeship]) -> list[MatrixTable]:
    """Return one table per standard version on the page, apprentices in the page's order.

    The apprenticeships should come with their standard version and standard already read
    (select_related), so that this makes two queries: the KSBs and the coverage.
    """
    version_ids = {a.standard_version_id for a in apprenticeships}
    ksbs_by_version: dict[int, list[KSB]] = defaultdict(list)
    for ksb in KSB.objects.filter(standard_version_id__in=version_ids).order_by(
        "standard_version_id", "position"
    ):
        ksbs_by_version[ksb.standard_version_id].append(ksb)
    states: dict[tuple[int, int], str] = {
        (apprenticeship_id, ksb_id): state
        for apprenticeship_id, ksb_id, state in KsbCoverage.objects.filter(
            apprenticeship__in=[a.pk for a in apprenticeships]
        ).values_list("apprenticeship_id", "ksb_id", "state")
    }
    tables: dict[int, MatrixTable] = {}
    for apprenticeship in apprenticeships:
        version = apprenticeship.standard_version
        ksbs = ksbs_by_version[version.pk]
        table = tables.get(version.pk)
        if table is None:
            table = tables[version.pk] = MatrixTable(standard_version=version, ksbs=ksbs, rows=[])
        table.rows.append(
            MatrixRow(
                apprenticeship=apprenticeship,
                cells=[
                    MatrixCell(ksb=ksb, state=states.get((apprenticeship.pk, ksb.pk), State.NONE))
                    for ksb in ksbs
                ],
            )
        )
    return sorted(
        tables.values(),
        key=lambda t: (t.standard_version.standard.reference, t.standard_version.version),
    )
