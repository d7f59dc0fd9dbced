from auditlog.registry import auditlog

from trellis.iqa.models import IqaSample

auditlog.register(IqaSample)
