from auditlog.registry import auditlog

from trellis.apprenticeships.models import Apprenticeship

auditlog.register(Apprenticeship, exclude_fields=["updated_at", "revision"])
