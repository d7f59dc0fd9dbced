from django.urls import path

from trellis.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("employer/", views.employer, name="employer"),
    path("epao/", views.epao, name="epao"),
    path("ilr.csv", views.ilr_export, name="ilr_export"),
    path("at-risk.<table_format:fmt>", views.at_risk_export, name="at_risk_export"),
]
