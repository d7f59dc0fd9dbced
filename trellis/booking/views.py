"""Pages (being built)."""

from django.http import HttpResponse


def bookings(request, **kwargs):
    return HttpResponse(status=501)


def booking(request, **kwargs):
    return HttpResponse(status=501)


def assign(request, **kwargs):
    return HttpResponse(status=501)


def book_date(request, **kwargs):
    return HttpResponse(status=501)


def move_date(request, **kwargs):
    return HttpResponse(status=501)


def cancel_date(request, **kwargs):
    return HttpResponse(status=501)


def calendar(request, **kwargs):
    return HttpResponse(status=501)


def assessors(request, **kwargs):
    return HttpResponse(status=501)


def assessor_schedule(request, **kwargs):
    return HttpResponse(status=501)
