from django.shortcuts import get_object_or_404, render

from trellis.standards.models import StandardVersion


def standard_list(request):
    versions = StandardVersion.objects.select_related("standard")
    return render(request, "standards/list.html", {"versions": versions})


def standard_detail(request, reference: str, version: str):
    standard_version = get_object_or_404(
        StandardVersion.objects.select_related("standard"),
        standard__reference=reference,
        version=version,
    )
    return render(request, "standards/detail.html", {"version": standard_version})
