from django.urls import path

from trellis.iqa import views

app_name = "iqa"
urlpatterns = [
    path("", views.index, name="index"),
]
