from django.apps import AppConfig


class ApprenticeshipsConfig(AppConfig):
    name = "trellis.apprenticeships"
    label = "apprenticeships"
    verbose_name = "Apprenticeships"

    def ready(self) -> None:
        from trellis.apprenticeships import audit  # noqa: F401  registers models with the audit log
