from auditlog.registry import auditlog

from trellis.cpd.models import CpdRecord

auditlog.register(CpdRecord, m2m_fields={"ksbs"})
