"""Pages (being built)."""

from django.http import HttpResponse


def queue(request, **kwargs):
    return HttpResponse(status=501)


def attempt(request, **kwargs):
    return HttpResponse(status=501)


def accept(request, **kwargs):
    return HttpResponse(status=501)


def return_(request, **kwargs):
    return HttpResponse(status=501)


def showcase_pdf(request, **kwargs):
    return HttpResponse(status=501)


def showcase_zip(request, **kwargs):
    return HttpResponse(status=501)
