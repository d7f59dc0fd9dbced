from django.urls import path

from trellis.gateway import epao_views, views

app_name = "gateway"

urlpatterns = [
    # The provider's side: the pipeline, and one apprentice's gateway tab.
    path("gateway/", views.pipeline, name="pipeline"),
    path("gateway/download.<table_format:fmt>", views.pipeline_export, name="pipeline_export"),
    path("apprenticeships/<int:pk>/gateway/", views.readiness, name="readiness"),
    path("apprenticeships/<int:pk>/gateway/declare/", views.declare, name="declare"),
    path("apprenticeships/<int:pk>/gateway/override/", views.override, name="override"),
    path("apprenticeships/<int:pk>/gateway/submit/", views.submit, name="submit"),
    path(
        "apprenticeships/<int:pk>/gateway/attempts/<int:number>/",
        views.attempt,
        name="attempt",
    ),
    # The EPAO's side: the queue and one submission.
    path("epao/gateway/", epao_views.queue, name="epao_queue"),
    path(
        "epao/gateway/download.<table_format:fmt>",
        epao_views.queue_export,
        name="epao_queue_export",
    ),
    path("epao/gateway/<int:attempt_pk>/", epao_views.attempt, name="epao_attempt"),
    path("epao/gateway/<int:attempt_pk>/accept/", epao_views.accept, name="epao_accept"),
    path("epao/gateway/<int:attempt_pk>/return/", epao_views.return_, name="epao_return"),
    path(
        "epao/gateway/<int:attempt_pk>/showcase.pdf",
        epao_views.showcase_pdf,
        name="epao_showcase_pdf",
    ),
    path(
        "epao/gateway/<int:attempt_pk>/showcase.zip",
        epao_views.showcase_zip,
        name="epao_showcase_zip",
    ),
]
