from django.db.models import QuerySet
from django.http import Http404

from trellis.notices.models import DeliveryChoice, Notice
from trellis.organisations.models import User


def notices_for(user: User) -> QuerySet[Notice]:
    """Return this person's notices, newest first."""
    return Notice.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return notices_for(user).filter(read_at__isnull=True).count()


def get_notice_for_user(user: User, pk: int) -> Notice:
    """Return one of this person's notices; anyone else's is not found."""
    try:
        return notices_for(user).get(pk=pk)
    except Notice.DoesNotExist:
        raise Http404("No such notice.") from None


def delivery_channel(user: User) -> str:
    """How this person has chosen to get reminders; by email as well, until they choose."""
    choice = DeliveryChoice.objects.filter(user=user).values_list("channel", flat=True).first()
    return choice or DeliveryChoice.Channel.EMAIL
