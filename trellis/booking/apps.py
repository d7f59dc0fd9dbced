from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "trellis.booking"
    label = "booking"
    verbose_name = "End-point assessment booking"

    def ready(self) -> None:
        from trellis.booking import audit  # noqa: F401  (registers the models' history)
