from django.urls import path

from trellis.epa import epao_views, result_views, views

app_name = "epa"

urlpatterns = [
    # The assessor's record.
    path("assessments/<int:booking_pk>/start/", views.start, name="start"),
    path("epa/<int:pk>/", views.overview, name="overview"),
    path("epa/<int:pk>/desk-review/", views.desk_review, name="desk_review"),
    path("epa/<int:pk>/questions/", views.questions, name="questions"),
    path("epa/<int:pk>/questions/<int:question_pk>/", views.question, name="question"),
    path("epa/<int:pk>/advice/", views.advice, name="advice"),
    path("epa/<int:pk>/methods/<str:code>/", views.method, name="method"),
    path("epa/<int:pk>/terminate/", views.terminate, name="terminate"),
    path("epa/<int:pk>/finalise/", views.finalise, name="finalise"),
    # The EPAO's moderation, confirmation, re-attempts, certificates and question bank.
    path("epao/results/", epao_views.queue, name="queue"),
    path(
        "epao/results/download.<table_format:fmt>",
        epao_views.queue_export,
        name="queue_export",
    ),
    path("epa/<int:pk>/moderate/", epao_views.moderate, name="moderate"),
    path("epa/<int:pk>/confirm/", epao_views.confirm, name="confirm"),
    path("epa/<int:pk>/reattempt/", epao_views.reattempt, name="reattempt"),
    path("epa/<int:pk>/certificate/", epao_views.certificate, name="certificate"),
    path("epao/questions/<str:reference>/", epao_views.bank, name="bank"),
    path(
        "epao/questions/<str:reference>/<int:question_pk>/retire/",
        epao_views.bank_retire,
        name="bank_retire",
    ),
    # The result, for everyone who may read it.
    path("results/<int:pk>/", result_views.result, name="result"),
    path("results/<int:pk>/letter.pdf", result_views.result_letter, name="letter"),
]
