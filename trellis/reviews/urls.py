from django.urls import path

from trellis.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.index, name="index"),
    path("download.<table_format:fmt>", views.reviews_export, name="reviews_export"),
    path("record/", views.record, name="record"),
    path("<int:review_id>/", views.detail, name="detail"),
    path("<int:review_id>/change/", views.edit, name="edit"),
    path("<int:review_id>/sign/", views.sign, name="sign"),
    path("<int:review_id>/correct/", views.correct, name="correct"),
]
