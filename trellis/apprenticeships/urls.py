from django.urls import path

from trellis.apprenticeships import views

app_name = "apprenticeships"
urlpatterns = [
    path("", views.apprenticeship_list, name="list"),
    path("new/", views.apprenticeship_create, name="create"),
    path("<int:pk>/", views.apprenticeship_detail, name="detail"),
    path("<int:pk>/edit/", views.apprenticeship_edit, name="edit"),
]
