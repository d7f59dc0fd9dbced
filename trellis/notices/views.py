from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from trellis.notices.selectors import get_notice_for_user, notices_for
from trellis.notices.services import notice_open

PAGE_SIZE = 25


def index(request):
    page = Paginator(notices_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/index.html", {"page": page})


@require_POST
def open_notice(request, notice_id: int):
    """Mark the notice read and go to what it is about (a path inside Trellis only)."""
    notice = notice_open(notice=get_notice_for_user(request.user, notice_id))
    if notice.url and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts=None, require_https=False
    ):
        return redirect(notice.url)
    return redirect("notices:index")
