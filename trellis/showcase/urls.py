from django.urls import path

from trellis.showcase import views

app_name = "showcase"
urlpatterns = [
    path("", views.index, name="index"),
    path("sections/<str:key>/", views.section, name="section"),
    path("submit/", views.submit, name="submit"),
    path("snapshots/<int:number>/showcase.pdf", views.snapshot_pdf, name="snapshot_pdf"),
    path("snapshots/<int:number>/showcase.zip", views.snapshot_zip, name="snapshot_zip"),
]
