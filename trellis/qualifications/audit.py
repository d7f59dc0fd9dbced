from auditlog.registry import auditlog

from trellis.qualifications.models import (
    AdditionalQualification,
    EnglishMaths,
    SafeguardingQualification,
)

auditlog.register(SafeguardingQualification, exclude_fields=["updated_at"])
auditlog.register(EnglishMaths, exclude_fields=["updated_at"])
auditlog.register(AdditionalQualification, exclude_fields=["updated_at"])
