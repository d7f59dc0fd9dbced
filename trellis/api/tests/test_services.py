import hashlib
from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.utils import timezone

from trellis.api.models import ApiToken
from trellis.api.services import api_token_create, api_token_record_use, api_token_revoke
from trellis.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_keeps_only_the_hash_and_prefix_of_the_token():
    user = UserFactory()

    api_token, token = api_token_create(user=user, name="Payroll sync")

    api_token.refresh_from_db()
    assert len(token) >= 43
    assert api_token.user == user
    assert api_token.name == "Payroll sync"
    assert api_token.key_prefix == token[:8]
    assert api_token.key_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert token not in stored
    assert api_token.last_used_at is None
    assert api_token.revoked_at is None


def test_create_gives_a_different_token_each_time():
    user = UserFactory()

    tokens = {api_token_create(user=user)[1] for _ in range(3)}

    assert len(tokens) == 3


def test_create_is_audited_without_the_hash():
    api_token, _ = api_token_create(user=UserFactory())

    entry = LogEntry.objects.get_for_object(api_token).get()
    assert entry.action == LogEntry.Action.CREATE
    assert "key_hash" not in entry.changes_dict
    assert "key_prefix" in entry.changes_dict


def test_revoke_sets_revoked_at_once():
    api_token, _ = api_token_create(user=UserFactory())
    revoked_at = timezone.now() - timedelta(days=1)

    with time_machine.travel(revoked_at, tick=False):
        api_token_revoke(token=api_token)
    api_token_revoke(token=api_token)

    api_token.refresh_from_db()
    assert api_token.revoked_at == revoked_at
    assert api_token.is_revoked
    assert LogEntry.objects.get_for_object(api_token).count() == 2


def test_record_use_writes_at_most_once_a_minute(django_assert_num_queries):
    api_token, _ = api_token_create(user=UserFactory())
    start = timezone.now()

    with time_machine.travel(start, tick=False), django_assert_num_queries(1):
        api_token_record_use(token=api_token)
    with (
        time_machine.travel(start + timedelta(seconds=59), tick=False),
        django_assert_num_queries(0),
    ):
        api_token_record_use(token=api_token)
    api_token.refresh_from_db()
    assert api_token.last_used_at == start

    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        api_token_record_use(token=api_token)
    api_token.refresh_from_db()
    assert api_token.last_used_at == start + timedelta(seconds=61)
    assert (
        not LogEntry.objects.get_for_object(api_token)
        .exclude(action=LogEntry.Action.CREATE)
        .exists()
    )
