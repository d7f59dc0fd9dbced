from django.shortcuts import render

from trellis.apprenticeships.access import can_enrol
from trellis.home.selectors import home_sections, unread_notices
from trellis.organisations.selectors import roles_for_user


def index(request):
    roles = roles_for_user(request.user)
    return render(
        request,
        "home/index.html",
        {
            "sections": home_sections(request.user),
            "roles": roles,
            "can_enrol": can_enrol(request.user),
            "notices": unread_notices(request.user),
        },
    )
