from collections.abc import Iterable

from django.utils import timezone

from trellis.notices.models import DeliveryChoice, Notice
from trellis.organisations.models import User


def notify(
    recipients: Iterable[User], *, title: str, body: str = "", url: str = "", urgent: bool = False
) -> list[Notice]:
    """Leave the same notice for each person (once each, however often they are listed)."""
    now = timezone.now()
    unique = {user.pk: user for user in recipients}
    return Notice.objects.bulk_create(
        Notice(recipient=user, title=title, body=body, url=url, urgent=urgent, created_at=now)
        for user in unique.values()
    )


def notice_open(*, notice: Notice) -> Notice:
    """Mark the notice read the first time it is opened."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def delivery_choose(*, user: User, channel: str) -> DeliveryChoice:
    """Record how this person wants their reminders."""
    if channel not in DeliveryChoice.Channel.values:
        choices = ", ".join(label for label in DeliveryChoice.Channel.labels)
        raise ValueError(f"Choose one of: {choices}.")
    choice, _ = DeliveryChoice.objects.update_or_create(user=user, defaults={"channel": channel})
    return choice
