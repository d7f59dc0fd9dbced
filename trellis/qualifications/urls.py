from django.urls import path

from trellis.qualifications import views

app_name = "qualifications"
urlpatterns = [
    path("", views.index, name="index"),
    path(
        "download.<table_format:fmt>",
        views.qualifications_export,
        name="qualifications_export",
    ),
    path("safeguarding/", views.safeguarding_edit, name="safeguarding"),
    path(
        "safeguarding/certificate/",
        views.safeguarding_certificate,
        name="safeguarding_certificate",
    ),
    path("employer-requirement/", views.employer_requirement, name="employer_requirement"),
    path("additional/new/", views.additional_add, name="additional_add"),
    path("additional/<int:qualification_pk>/", views.additional_edit, name="additional_edit"),
    path("<str:subject>/", views.english_maths_edit, name="english_maths"),
]
