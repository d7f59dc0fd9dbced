from django.urls import path

from trellis.showcase import views

app_name = "showcase"
urlpatterns = [
    path("", views.index, name="index"),
]
