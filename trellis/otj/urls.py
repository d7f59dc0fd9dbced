from django.urls import path

from trellis.otj import views

app_name = "otj"
urlpatterns = [
    path("", views.index, name="index"),
]
