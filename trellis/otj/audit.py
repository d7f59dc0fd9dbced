from auditlog.registry import auditlog

from trellis.otj.models import OtjEntry, PriorLearningReduction

auditlog.register(OtjEntry, m2m_fields={"ksbs"})
auditlog.register(PriorLearningReduction)
