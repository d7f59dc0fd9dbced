from django.urls import path

from trellis.caseload import coverage_views, views

app_name = "caseload"
urlpatterns = [
    path("", views.caseload, name="index"),
    path("download.<table_format:fmt>", views.caseload_export, name="export"),
    path("coverage/", coverage_views.coverage, name="coverage"),
    path(
        "coverage/download.<table_format:fmt>",
        coverage_views.coverage_export,
        name="coverage_export",
    ),
]
