from django.urls import path

from trellis.cpd import views

app_name = "cpd"
urlpatterns = [
    path("", views.index, name="index"),
]
