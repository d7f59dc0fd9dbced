"""Demo Showcases, built from the secure evidence the portfolio demo leaves.

Apprentices 19 to 26 (at gateway, in EPA, completed) have complete Showcases submitted once;
apprentice 14 (Tariq, near the end of the programme) has every section complete but the last,
which has its evidence picked and no narrative yet; apprentice 13 (Megan, ready for gateway)
has every section complete, not yet submitted: the gateway submission freezes it. A section
that no secure evidence fits is left empty, and a Showcase left incomplete that way is not
submitted.
"""

import copy
from collections.abc import Sequence
from datetime import date

from trellis.apprenticeships.models import Apprenticeship
from trellis.portfolio.models import EvidenceItem
from trellis.showcase import selectors
from trellis.showcase.services import SectionInput, showcase_sections_save, showcase_submit

SUBMITTED_NUMBERS = range(19, 27)
NEARLY_DONE_NUMBER = 14
READY_NUMBER = 13
ITEMS_PER_SECTION = 2
NARRATIVE = (
    "{items} {verb} {codes} in my everyday practice as a learning mentor. I chose {them} "
    "because {they} {verb} what I did, why I did it that way and what the learner took from "
    "it. Looking back, I would now agree the session goals with the learner earlier, and I "
    "have done so since."
)


def _narrative(section: selectors.SectionState, items: list[EvidenceItem]) -> str:
    several = len(items) > 1
    return NARRATIVE.format(
        items=" and ".join(f"“{item.title}”" for item in items),
        verb="show" if several else "shows",
        codes=" and ".join(section.definition.ksb_codes),
        them="them" if several else "it",
        they="they" if several else "it",
    )


def _build(apprenticeship: Apprenticeship, *, leave_last_unwritten: bool) -> bool:
    """Fill every section that secure evidence fits; return whether all are complete."""
    state = selectors.showcase_state(apprenticeship, with_candidates=True)
    fillable = [section for section in state.sections if section.candidates]
    by_pk = {
        item.pk: item
        for item in EvidenceItem.objects.filter(
            pk__in={item.pk for section in fillable for item in section.candidates}
        )
    }
    inputs = []
    for section in fillable:
        picked = [by_pk[item.pk] for item in section.candidates[:ITEMS_PER_SECTION]]
        last = section is fillable[-1]
        inputs.append(
            SectionInput(
                key=section.key,
                narrative="" if leave_last_unwritten and last else _narrative(section, picked),
                evidence=picked,
                revision=section.revision,
            )
        )
    if inputs:
        showcase_sections_save(
            apprenticeship=apprenticeship, sections=inputs, saved_by=apprenticeship.apprentice
        )
    return len(fillable) == len(state.sections)


def _before_gateway(apprenticeship: Apprenticeship) -> Apprenticeship:
    """Return the apprenticeship as it stood on programme, when its Showcase was written: the
    Showcase is frozen from gateway on."""
    earlier = copy.copy(apprenticeship)
    earlier.status = Apprenticeship.Status.ON_PROGRAMME
    return earlier


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Build the Showcases of the apprentices near or past gateway."""
    for number, apprenticeship in enumerate(apprenticeships, start=1):
        if number == NEARLY_DONE_NUMBER:
            _build(apprenticeship, leave_last_unwritten=True)
        elif number == READY_NUMBER:
            _build(apprenticeship, leave_last_unwritten=False)
        elif number in SUBMITTED_NUMBERS:
            earlier = _before_gateway(apprenticeship)
            if _build(earlier, leave_last_unwritten=False):
                showcase_submit(apprenticeship=earlier, submitted_by=earlier.apprentice)
