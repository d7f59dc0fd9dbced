from django.urls import path

from trellis.portfolio import coverage_views, views

app_name = "portfolio"
urlpatterns = [
    path("", views.index, name="index"),
    path("coverage/", coverage_views.coverage, name="coverage"),
]
