from django.apps import AppConfig


class EqualityConfig(AppConfig):
    name = "trellis.equality"
    label = "equality"
    verbose_name = "Equality and diversity"
    # Deliberately no audit.py: the answers are never written to the audit trail, which more
    # people read than the apprentice alone.
