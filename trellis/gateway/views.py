"""Pages (being built)."""

from django.http import HttpResponse


def pipeline(request, **kwargs):
    return HttpResponse(status=501)


def readiness(request, **kwargs):
    return HttpResponse(status=501)


def declare(request, **kwargs):
    return HttpResponse(status=501)


def override(request, **kwargs):
    return HttpResponse(status=501)


def submit(request, **kwargs):
    return HttpResponse(status=501)


def attempt(request, **kwargs):
    return HttpResponse(status=501)
