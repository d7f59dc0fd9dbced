from auditlog.registry import auditlog

from trellis.standards.models import KSB, Standard, StandardVersion, Theme

auditlog.register(Standard)
auditlog.register(StandardVersion, exclude_fields=["loaded_at"])
auditlog.register(Theme)
auditlog.register(KSB)
