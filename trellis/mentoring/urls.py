from django.urls import path

from trellis.mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("download.<table_format:fmt>", views.sessions_export, name="sessions_export"),
    path("sessions/new/", views.session_log, name="session_log"),
    path("sessions/<int:session_id>/change/", views.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/delete/", views.session_delete, name="session_delete"),
    path(
        "sessions/<int:session_id>/use-as-evidence/",
        views.session_to_evidence,
        name="session_to_evidence",
    ),
]
