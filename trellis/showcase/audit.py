from auditlog.registry import auditlog

from trellis.showcase.models import ShowcaseSection, ShowcaseSnapshot

auditlog.register(ShowcaseSection, m2m_fields={"evidence"})
auditlog.register(ShowcaseSnapshot, exclude_fields=["content"])
