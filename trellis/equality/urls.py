from django.urls import path

from trellis.equality import views

app_name = "equality"
urlpatterns = [
    path("", views.answers, name="answers"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("report/", views.report, name="report"),
]
