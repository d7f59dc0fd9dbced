from django.urls import path

from trellis.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:notice_id>/", views.open_notice, name="open"),
    path("choice/", views.choice, name="choice"),
]
