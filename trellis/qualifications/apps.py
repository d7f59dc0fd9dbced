from django.apps import AppConfig


class QualificationsConfig(AppConfig):
    name = "trellis.qualifications"
    label = "qualifications"
    verbose_name = "Qualifications"

    def ready(self) -> None:
        from trellis.qualifications import audit  # noqa: F401  registers models with the audit log
