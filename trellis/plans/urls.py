from django.urls import path

from trellis.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
]
