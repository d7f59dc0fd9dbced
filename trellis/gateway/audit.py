from auditlog.registry import auditlog

from trellis.gateway.models import Declaration, GatewayAttempt, Override, ReturnReason

auditlog.register(GatewayAttempt, exclude_fields=["checklist"])
auditlog.register(Declaration)
auditlog.register(Override)
auditlog.register(ReturnReason)
