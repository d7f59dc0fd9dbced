"""Pages (being built)."""

from django.http import HttpResponse


def offer_dates(request, **kwargs):
    return HttpResponse(status=501)
