from django.shortcuts import render

from trellis.apprenticeships import access


def index(request, pk: int):
    apprenticeship = access.get_apprenticeship_for_user(request.user, pk)
    return render(request, "qualifications/index.html", {"apprenticeship": apprenticeship})
