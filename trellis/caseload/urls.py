from django.urls import path

from trellis.caseload import views

app_name = "caseload"
urlpatterns = [
    path("", views.caseload, name="index"),
]
