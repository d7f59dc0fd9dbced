from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "trellis.reviews"
    label = "reviews"
    verbose_name = "Progress reviews"

    def ready(self) -> None:
        from trellis.reviews import audit  # noqa: F401  registers models with the audit log
