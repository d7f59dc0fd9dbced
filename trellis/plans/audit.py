from auditlog.registry import auditlog

from trellis.plans.models import PlanActivity, PlanSignature, PlanVersion

auditlog.register(PlanVersion, exclude_fields=["updated_at"])
auditlog.register(PlanActivity, m2m_fields={"ksbs"})
auditlog.register(PlanSignature)
