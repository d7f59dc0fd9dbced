"""What of safeguarding goes into the audit trail.

Changes to a concern's state are logged; its free text is not, because the audit trail is
read by more people than the safeguarding lead (the concern's chronology keeps every word,
behind its access rule). Reads of a concern are logged by `reads.py`.
"""

from auditlog.registry import auditlog

from trellis.safeguarding.models import Concern

auditlog.register(
    Concern,
    include_fields=["urgency", "triaged_at", "status", "outcome", "closed_at", "revision"],
)
