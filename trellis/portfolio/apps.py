from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "trellis.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio"

    def ready(self) -> None:
        from trellis.portfolio import audit  # noqa: F401  registers models with the audit log
