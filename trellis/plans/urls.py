from django.urls import path

from trellis.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("timetable/", views.timetable, name="timetable"),
    path("versions/", views.version_list, name="versions"),
    path("versions/<int:number>/", views.version_detail, name="version"),
    path("activities/new/", views.activity_add, name="activity_add"),
    path("activities/<int:activity_pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_pk>/remove/", views.activity_remove, name="activity_remove"),
    path("epao/", views.epao_change, name="epao"),
    path("sign/", views.sign, name="sign"),
]
