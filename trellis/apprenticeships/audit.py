from auditlog.registry import auditlog

from trellis.apprenticeships.models import Apprenticeship, StatusChange

auditlog.register(Apprenticeship, exclude_fields=["updated_at", "revision"])
auditlog.register(StatusChange)
