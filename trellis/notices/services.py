from collections.abc import Iterable

from django.utils import timezone

from trellis.notices.models import Notice
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
