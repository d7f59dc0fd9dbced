from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "trellis.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding"

    def ready(self) -> None:
        from trellis.safeguarding import audit  # noqa: F401  registers models with the audit log
