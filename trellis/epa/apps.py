from django.apps import AppConfig


class EpaConfig(AppConfig):
    name = "trellis.epa"
    label = "epa"
    verbose_name = "End-point assessment"

    def ready(self) -> None:
        from trellis.epa import audit  # noqa: F401  (registers the models' history)
