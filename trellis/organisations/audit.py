from auditlog.registry import auditlog

from trellis.organisations.models import Membership, Organisation, User

auditlog.register(User, exclude_fields=["password", "last_login"])
auditlog.register(Organisation)
auditlog.register(Membership)
