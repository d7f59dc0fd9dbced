"""Send the reminders that are due, each to each person once."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from trellis.notices.models import DeliveryChoice
from trellis.notices.services import notify
from trellis.reminders.models import SentReminder
from trellis.reminders.rules import KIND_LABELS, Kind
from trellis.reminders.selectors import Addressed, reminders_due


@dataclass
class SendResult:
    sent: int = 0
    by_kind: Counter = field(default_factory=Counter)
    by_email: int = 0


def _in_app_only(user_ids: set[int]) -> set[int]:
    return set(
        DeliveryChoice.objects.filter(
            user_id__in=user_ids, channel=DeliveryChoice.Channel.IN_APP
        ).values_list("user_id", flat=True)
    )


def _already_sent(keys: set[str]) -> set[tuple[int, str]]:
    return set(SentReminder.objects.filter(key__in=keys).values_list("recipient_id", "key"))


def reminders_send(*, today: date | None = None, dry_run: bool = False) -> SendResult:
    """Send every reminder due today that its recipient has not had yet.

    Each one is recorded and sent in its own transaction: if its email cannot be sent, the
    record is rolled back and the next run tries it again; one sent is never sent again.
    """
    today = today or timezone.localdate()
    due = reminders_due(today)
    sent_before = _already_sent({item.due.key for item in due})
    in_app_only = _in_app_only({person.pk for item in due for person in item.recipients})
    result = SendResult()
    for item in due:
        for person in item.recipients:
            if (person.pk, item.due.key) in sent_before:
                continue
            by_email = person.pk not in in_app_only
            if not dry_run and not _send_one(item, person, by_email):
                continue
            sent_before.add((person.pk, item.due.key))
            result.sent += 1
            result.by_email += by_email
            result.by_kind[item.due.kind] += 1
    return result


def _send_one(item: Addressed, person, by_email: bool) -> bool:
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                recipient=person,
                key=item.due.key,
                kind=item.due.kind,
                apprenticeship=item.apprenticeship,
                channel=DeliveryChoice.Channel.EMAIL if by_email else DeliveryChoice.Channel.IN_APP,
                sent_at=timezone.now(),
            )
            notify([person], title=item.due.subject, body=item.due.body, url=item.url)
            if by_email:
                _email(item, person)
    except IntegrityError:
        # Another run sent it a moment ago.
        return False
    return True


def _email(item: Addressed, person) -> None:
    site = settings.SITE_URL.rstrip("/")
    EmailMessage(
        subject=item.due.subject,
        body=(
            f"{item.due.body}\n\nSee it in Trellis (sign in first): {site}{item.url}\n\n"
            "You can choose to have reminders in Trellis only: "
            f"{site}/notices/choice/\n"
        ),
        to=[person.email],
    ).send()


def describe(result: SendResult, *, dry_run: bool = False) -> list[str]:
    """The command's output: the total first, then a line for each kind."""
    if dry_run:
        lines = [f"{result.sent} reminders to send (a dry run: nothing was sent)"]
    else:
        lines = [f"{result.sent} reminders sent"]
    for kind in Kind:
        if result.by_kind[kind]:
            lines.append(f"  {KIND_LABELS[kind]}: {result.by_kind[kind]}")
    if result.sent and not dry_run:
        lines.append(f"  of which by email as well as in Trellis: {result.by_email}")
    return lines
