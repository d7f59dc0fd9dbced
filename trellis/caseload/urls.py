from django.urls import path

from trellis.caseload import coverage_views, views

app_name = "caseload"
urlpatterns = [
    path("", views.caseload, name="index"),
    path("coverage/", coverage_views.coverage, name="coverage"),
]
