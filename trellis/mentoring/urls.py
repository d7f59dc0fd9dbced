from django.urls import path

from trellis.mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("", views.index, name="index"),
]
