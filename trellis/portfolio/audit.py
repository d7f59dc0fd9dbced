from auditlog.registry import auditlog

from trellis.portfolio.models import Decision, EvidenceFile, EvidenceItem, EvidenceKsb, Submission

auditlog.register(EvidenceItem)
auditlog.register(EvidenceKsb)
auditlog.register(EvidenceFile)
auditlog.register(Submission)
auditlog.register(Decision)
