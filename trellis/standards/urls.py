from django.urls import path

from trellis.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.standard_list, name="list"),
    path("<str:reference>/compare/", views.standard_compare, name="compare"),
    path("<str:reference>/<str:version>/", views.standard_detail, name="detail"),
]
