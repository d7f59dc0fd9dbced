from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "trellis.home"
    label = "home"
    verbose_name = "Home pages"
