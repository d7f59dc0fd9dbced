from django.http import Http404
from django.shortcuts import render

from trellis.standards.models import StandardVersion
from trellis.standards.selectors import (
    standard_compare_page,
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


def standard_compare(request, reference: str):
    try:
        page = standard_compare_page(
            reference=reference, old=request.GET.get("from", ""), new=request.GET.get("to", "")
        )
    except StandardVersion.DoesNotExist:
        raise Http404(f"No version of {reference} is loaded.") from None
    return render(request, "standards/compare.html", {"page": page})
