from django.apps import AppConfig


class IqaConfig(AppConfig):
    name = "trellis.iqa"
    label = "iqa"
    verbose_name = "Internal quality assurance"

    def ready(self) -> None:
        from trellis.iqa import audit  # noqa: F401  registers models with the audit log
