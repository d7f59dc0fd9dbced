from django.urls import path

from trellis.booking import assessor_views, employer_views, views

app_name = "booking"

urlpatterns = [
    # The employer offers dates from the apprentice's gateway tab.
    path("apprenticeships/<int:pk>/gateway/dates/", employer_views.offer_dates, name="offer_dates"),
    # The EPAO's admins: bookings, the calendar and assessors' workload.
    path("epao/bookings/", views.bookings, name="bookings"),
    path(
        "epao/bookings/download.<table_format:fmt>",
        views.bookings_export,
        name="bookings_export",
    ),
    path("epao/bookings/<int:booking_pk>/", views.booking, name="booking"),
    path("epao/bookings/<int:booking_pk>/assessor/", views.assign, name="assign"),
    path("epao/bookings/<int:booking_pk>/dates/new/", views.book_date, name="book_date"),
    path("epao/dates/<int:date_pk>/move/", views.move_date, name="move_date"),
    path("epao/dates/<int:date_pk>/cancel/", views.cancel_date, name="cancel_date"),
    path("epao/calendar/", views.calendar, name="calendar"),
    path(
        "epao/calendar/download.<table_format:fmt>",
        views.calendar_export,
        name="calendar_export",
    ),
    path("epao/assessors/", views.assessors, name="assessors"),
    path(
        "epao/assessors/download.<table_format:fmt>",
        views.assessors_export,
        name="assessors_export",
    ),
    path("epao/assessors/<int:user_pk>/", views.assessor_schedule, name="assessor_schedule"),
    path(
        "epao/assessors/<int:user_pk>/download.<table_format:fmt>",
        views.assessor_schedule_export,
        name="assessor_schedule_export",
    ),
    # The independent assessor's own pages.
    path("assessments/", assessor_views.schedule, name="schedule"),
    path(
        "assessments/download.<table_format:fmt>",
        assessor_views.schedule_export,
        name="schedule_export",
    ),
    path("assessments/<int:booking_pk>/", assessor_views.assessment, name="assessment"),
    path(
        "assessments/<int:booking_pk>/showcase.pdf",
        assessor_views.showcase_pdf,
        name="assessment_showcase_pdf",
    ),
    path(
        "assessments/<int:booking_pk>/showcase.zip",
        assessor_views.showcase_zip,
        name="assessment_showcase_zip",
    ),
    path("assessments/conflicts/", assessor_views.conflicts, name="conflicts"),
    path(
        "assessments/conflicts/<int:conflict_pk>/withdraw/",
        assessor_views.withdraw_conflict,
        name="withdraw_conflict",
    ),
]
