from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    name = "trellis.showcase"
    label = "showcase"
    verbose_name = "Showcase"

    def ready(self) -> None:
        from trellis.showcase import audit  # noqa: F401  registers models with the audit log
