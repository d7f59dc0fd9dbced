from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "trellis.caseload"
    label = "caseload"
    verbose_name = "Caseload"
