from auditlog.registry import auditlog

from trellis.booking.models import Booking, ConflictOfInterest, DateRange, EpaDate

auditlog.register(Booking)
auditlog.register(DateRange)
auditlog.register(EpaDate)
auditlog.register(ConflictOfInterest)
