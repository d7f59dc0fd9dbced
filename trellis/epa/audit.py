from auditlog.registry import auditlog

from trellis.epa.models import (
    Assessment,
    BankQuestion,
    Certificate,
    Moderation,
    Score,
    ScoreChange,
)

# The working notes and desk review are the assessor's; the audit trail keeps the states,
# grades and changes that make the result, which more people read.
auditlog.register(
    Assessment,
    exclude_fields=["termination_description", "action_plan", "exceptional_circumstances"],
)
auditlog.register(Score, exclude_fields=["justification"])
auditlog.register(Moderation, exclude_fields=["rationale"])
auditlog.register(ScoreChange)
auditlog.register(BankQuestion)
auditlog.register(Certificate, exclude_fields=["address"])
