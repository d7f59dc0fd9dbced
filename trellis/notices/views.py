from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from trellis.notices.forms import DeliveryChoiceForm
from trellis.notices.models import DeliveryChoice
from trellis.notices.selectors import delivery_channel, get_notice_for_user, notices_for
from trellis.notices.services import delivery_choose, notice_open

PAGE_SIZE = 25


def index(request):
    page = Paginator(notices_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    channel = DeliveryChoice.Channel(delivery_channel(request.user))
    return render(request, "notices/index.html", {"page": page, "channel": channel})


def choice(request):
    """Choose reminders by email and in Trellis, or in Trellis only."""
    if request.method == "POST":
        form = DeliveryChoiceForm(request.POST)
        if form.is_valid():
            chosen = delivery_choose(user=request.user, channel=form.cleaned_data["channel"])
            messages.success(
                request, f"Saved. How you get reminders: {chosen.get_channel_display()}."
            )
            return redirect("notices:index")
    else:
        form = DeliveryChoiceForm(initial={"channel": delivery_channel(request.user)})
    return render(request, "notices/choice.html", {"form": form})


@require_POST
def open_notice(request, notice_id: int):
    """Mark the notice read and go to what it is about (a path inside Trellis only)."""
    notice = notice_open(notice=get_notice_for_user(request.user, notice_id))
    if notice.url and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts=None, require_https=False
    ):
        return redirect(notice.url)
    return redirect("notices:index")
