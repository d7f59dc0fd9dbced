from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "trellis.organisations"
    label = "organisations"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from trellis.organisations import audit  # noqa: F401  registers models with the audit log
