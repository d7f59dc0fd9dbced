from auditlog.registry import auditlog
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.audit.reads import read_entry
from trellis.organisations.models import User

auditlog.register(Apprenticeship, exclude_fields=["updated_at", "revision"])
auditlog.register(StatusChange)

FULL_RECORD_DOWNLOADED = "Downloaded the full record (PDF)"


def full_record_download_log(apprenticeship: Apprenticeship, *, reader: User) -> None:
    """Log in the record's history that this person downloaded the full record: a copy of
    the whole record has left Trellis, and who took it must be known."""
    read_entry(
        apprenticeship,
        reader=reader,
        shown_as=str(apprenticeship),
        read={"read": "full_record_pdf", "what": FULL_RECORD_DOWNLOADED},
        at=timezone.now(),
    ).save()
