from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "trellis.notices"
    label = "notices"
    verbose_name = "In-app notices"
