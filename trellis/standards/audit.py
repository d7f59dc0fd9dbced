from auditlog.registry import auditlog

from trellis.standards.models import KSB, Duty, Option, Standard, StandardVersion, Theme

auditlog.register(Standard)
auditlog.register(StandardVersion, exclude_fields=["loaded_at", "imported_at"])
auditlog.register(Theme)
auditlog.register(KSB)
auditlog.register(Option)
auditlog.register(Duty, m2m_fields={"ksbs", "options"})
