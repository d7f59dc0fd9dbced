from django.urls import path

from trellis.iqa import views

app_name = "iqa"
urlpatterns = [
    path("", views.index, name="index"),
    path("draw/", views.draw, name="draw"),
    path("samples.<table_format:fmt>", views.samples_export, name="samples_export"),
    path("coverage.<table_format:fmt>", views.coverage_export, name="coverage_export"),
    path("referrals/", views.referrals, name="referrals"),
    path("samples/<int:sample_id>/", views.sample_detail, name="sample"),
    path("samples/<int:sample_id>/agree/", views.sample_agree, name="agree"),
    path("samples/<int:sample_id>/refer/", views.sample_refer, name="refer"),
    path("samples/<int:sample_id>/respond/", views.sample_respond, name="respond"),
]
