from django.urls import path

from trellis.portfolio import coverage_views, views

app_name = "portfolio"
ITEM = "evidence/<int:item_id>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("download.<table_format:fmt>", views.evidence_export, name="evidence_export"),
    path("coverage/", coverage_views.coverage, name="coverage"),
    path("evidence/new/", views.item_new, name="item_new"),
    path(ITEM, views.item_detail, name="item_detail"),
    path(f"{ITEM}change/", views.item_edit, name="item_edit"),
    path(f"{ITEM}ksbs/", views.item_map, name="item_map"),
    path(f"{ITEM}files/", views.file_upload, name="file_upload"),
    path(f"{ITEM}files/<int:file_id>/", views.file_download, name="file_download"),
    path(f"{ITEM}files/<int:file_id>/remove/", views.file_remove, name="file_remove"),
    path(f"{ITEM}submit/", views.item_submit, name="item_submit"),
    path(f"{ITEM}assess/", views.item_assess, name="item_assess"),
    path(f"{ITEM}return/", views.item_return, name="item_return"),
    path(
        f"{ITEM}decisions/<int:decision_id>/correct/",
        views.decision_correct,
        name="decision_correct",
    ),
    path(f"{ITEM}reopen/", views.item_reopen, name="item_reopen"),
    path(f"{ITEM}delete/", views.item_delete, name="item_delete"),
]
