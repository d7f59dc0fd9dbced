from django.http import Http404
from django.shortcuts import render

from trellis.standards.models import StandardVersion
from trellis.standards.selectors import (
    standard_version_get,
    standard_version_page,
    standard_versions_list,
)


def standard_list(request):
    return render(request, "standards/list.html", {"versions": standard_versions_list()})


def standard_detail(request, reference: str, version: str):
    try:
        standard_version = standard_version_get(reference=reference, version=version)
    except StandardVersion.DoesNotExist:
        raise Http404(f"{reference} v{version} is not loaded.") from None
    page = standard_version_page(standard_version=standard_version)
    return render(request, "standards/detail.html", {"page": page})
