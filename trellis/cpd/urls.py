from django.urls import path

from trellis.cpd import views

app_name = "cpd"
urlpatterns = [
    path("", views.index, name="index"),
    path("download.<table_format:fmt>", views.records_export, name="records_export"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/<int:record_id>/change/", views.record_edit, name="record_edit"),
    path("records/<int:record_id>/delete/", views.record_delete, name="record_delete"),
    path(
        "records/<int:record_id>/use-as-evidence/",
        views.record_to_evidence,
        name="record_to_evidence",
    ),
]
