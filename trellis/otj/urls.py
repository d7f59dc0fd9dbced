from django.urls import path

from trellis.otj import views

app_name = "otj"
urlpatterns = [
    path("", views.index, name="index"),
    path("entries/", views.entry_log, name="entry_log"),
    path("download.<table_format:fmt>", views.entries_export, name="entries_export"),
    path("entries/<int:entry_id>/change/", views.entry_edit, name="entry_edit"),
    path("entries/<int:entry_id>/withdraw/", views.entry_withdraw, name="entry_withdraw"),
    path("entries/<int:entry_id>/confirm/", views.entry_confirm, name="entry_confirm"),
    path("entries/<int:entry_id>/reject/", views.entry_reject, name="entry_reject"),
    path("prior-learning/", views.prior_learning_record, name="prior_learning_record"),
]
