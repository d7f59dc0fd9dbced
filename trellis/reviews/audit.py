from auditlog.registry import auditlog

from trellis.reviews.models import (
    ActionFollowUp,
    KsbProgress,
    NextStep,
    ProgressReview,
    ReviewSignature,
)

auditlog.register(ProgressReview, exclude_fields=["updated_at"])
auditlog.register(KsbProgress)
auditlog.register(NextStep)
auditlog.register(ActionFollowUp)
auditlog.register(ReviewSignature)
