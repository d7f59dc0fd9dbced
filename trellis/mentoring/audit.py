from auditlog.registry import auditlog

from trellis.mentoring.models import MentoringSession

auditlog.register(MentoringSession, m2m_fields={"ksbs"})
