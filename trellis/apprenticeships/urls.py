from django.urls import path

from trellis.apprenticeships import views

app_name = "apprenticeships"
urlpatterns = [
    path("", views.apprenticeship_list, name="list"),
    path("download.<table_format:fmt>", views.apprenticeship_list_export, name="list_export"),
    path("new/", views.apprenticeship_create, name="create"),
    path("<int:pk>/", views.apprenticeship_detail, name="detail"),
    path("<int:pk>/record.pdf", views.apprenticeship_record_pdf, name="record_pdf"),
    path("<int:pk>/edit/", views.apprenticeship_edit, name="edit"),
    path("<int:pk>/status/break/", views.status_break, name="status_break"),
    path("<int:pk>/status/return/", views.status_return, name="status_return"),
    path("<int:pk>/status/withdraw/", views.status_withdraw, name="status_withdraw"),
    path("<int:pk>/status/employer/", views.status_employer_change, name="status_employer"),
]
