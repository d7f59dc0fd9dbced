from django.urls import path

from trellis.safeguarding import raise_views, views

app_name = "safeguarding"
urlpatterns = [
    # Anyone signed in
    path("raise/", raise_views.raise_concern, name="raise"),
    path("raised/", raise_views.raised, name="raised"),
    path("shared-with-me/", raise_views.shared_notes, name="shared_notes"),
    path("shared-with-me/<int:note_id>/", raise_views.shared_note, name="shared_note"),
    # The provider's safeguarding leads only
    path("", views.dashboard, name="dashboard"),
    path("closed/", views.closed, name="closed"),
    path("concerns/<int:concern_id>/", views.concern_detail, name="concern"),
    path("concerns/<int:concern_id>/triage/", views.concern_triage_view, name="triage"),
    path("concerns/<int:concern_id>/entries/new/", views.entry_add, name="entry_add"),
    path("concerns/<int:concern_id>/referrals/new/", views.referral_add, name="referral_add"),
    path(
        "concerns/<int:concern_id>/referrals/<int:referral_id>/reference/",
        views.referral_reference,
        name="referral_reference",
    ),
    path("concerns/<int:concern_id>/share/", views.share_note, name="share"),
    path("concerns/<int:concern_id>/files/new/", views.file_add, name="file_add"),
    path("concerns/<int:concern_id>/files/<int:file_id>/", views.file_download, name="file"),
    path("concerns/<int:concern_id>/close/", views.close, name="close"),
    path("concerns/<int:concern_id>/reopen/", views.reopen, name="reopen"),
    path("concerns/<int:concern_id>/reads/", views.reads, name="reads"),
]
