from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "trellis.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring log"

    def ready(self) -> None:
        from trellis.mentoring import audit  # noqa: F401  registers models with the audit log
