"""Pages (being built)."""

from django.http import HttpResponse


def schedule(request, **kwargs):
    return HttpResponse(status=501)


def assessment(request, **kwargs):
    return HttpResponse(status=501)


def showcase_pdf(request, **kwargs):
    return HttpResponse(status=501)


def showcase_zip(request, **kwargs):
    return HttpResponse(status=501)


def conflicts(request, **kwargs):
    return HttpResponse(status=501)


def withdraw_conflict(request, **kwargs):
    return HttpResponse(status=501)
