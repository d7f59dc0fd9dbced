from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "trellis.plans"
    label = "plans"
    verbose_name = "Training plans"

    def ready(self) -> None:
        from trellis.plans import audit  # noqa: F401  registers models with the audit log
