from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "trellis.api"
    label = "api"
    verbose_name = "JSON API"

    def ready(self) -> None:
        from trellis.api import audit  # noqa: F401  registers models with the audit log
