from django.apps import AppConfig


class GatewayConfig(AppConfig):
    name = "trellis.gateway"
    label = "gateway"
    verbose_name = "Gateway"

    def ready(self) -> None:
        from trellis.gateway import audit  # noqa: F401  (registers the models' history)
