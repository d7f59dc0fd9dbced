from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "trellis.reminders"
    label = "reminders"
    verbose_name = "Reminders"
