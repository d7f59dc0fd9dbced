from django.urls import path

from trellis.qualifications import views

app_name = "qualifications"
urlpatterns = [
    path("", views.index, name="index"),
]
