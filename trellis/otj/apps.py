from django.apps import AppConfig


class OtjConfig(AppConfig):
    name = "trellis.otj"
    label = "otj"
    verbose_name = "Off-the-job training"

    def ready(self) -> None:
        from trellis.otj import audit  # noqa: F401  registers models with the audit log
