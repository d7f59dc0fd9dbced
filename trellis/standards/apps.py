from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "trellis.standards"
    label = "standards"
    verbose_name = "Apprenticeship standards"

    def ready(self) -> None:
        from trellis.standards import audit  # noqa: F401  registers models with the audit log
