"""Who may read and write CPD records: the same as the mentoring log (the apprentice writes,
everyone who reads the portfolio reads)."""

from django.http import Http404

from trellis.cpd.models import CpdRecord
from trellis.mentoring.access import can_write_log, require_can_write_log
from trellis.organisations.models import User
from trellis.portfolio.access import get_apprenticeship_for_portfolio

__all__ = ["can_write_log", "get_record_for_user", "require_can_write_log"]


def get_record_for_user(user: User, apprenticeship_pk: int, record_pk: int) -> CpdRecord:
    """Return the record if this person may read the portfolio; otherwise raise 404."""
    apprenticeship = get_apprenticeship_for_portfolio(user, apprenticeship_pk)
    try:
        record = CpdRecord.objects.get(pk=record_pk, apprenticeship=apprenticeship)
    except CpdRecord.DoesNotExist:
        raise Http404("No such CPD record.") from None
    record.apprenticeship = apprenticeship
    return record
