from auditlog.registry import auditlog

from trellis.api.models import ApiToken

auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
