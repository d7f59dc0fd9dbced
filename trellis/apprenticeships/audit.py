from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.organisations.models import User

auditlog.register(Apprenticeship, exclude_fields=["updated_at", "revision"])
auditlog.register(StatusChange)

FULL_RECORD_DOWNLOADED = "Downloaded the full record (PDF)"


def full_record_download_log(apprenticeship: Apprenticeship, *, reader: User) -> None:
    """Log in the record's history that this person downloaded the full record: a copy of
    the whole record has left Trellis, and who took it must be known."""
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Apprenticeship),
        object_pk=str(apprenticeship.pk),
        object_id=apprenticeship.pk,
        object_repr=str(apprenticeship),
        action=LogEntry.Action.ACCESS,
        actor=reader,
        timestamp=timezone.now(),
        changes=None,
        additional_data={"read": "full_record_pdf", "what": FULL_RECORD_DOWNLOADED},
    )
