from django.apps import AppConfig


class CpdConfig(AppConfig):
    name = "trellis.cpd"
    label = "cpd"
    verbose_name = "CPD log"

    def ready(self) -> None:
        from trellis.cpd import audit  # noqa: F401  registers models with the audit log
