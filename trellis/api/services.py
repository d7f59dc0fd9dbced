"""Writes for API tokens: creating, revoking and noting their use."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from trellis.api.models import ApiToken
from trellis.organisations.models import User

KEY_PREFIX_LENGTH = 8
# Noting every call would mean a write per request; once a minute is precise enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def api_token_hash(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for this person; return it with the plain token, which is not kept."""
    token = secrets.token_urlsafe(32)
    api_token = ApiToken(
        user=user,
        name=name,
        key_prefix=token[:KEY_PREFIX_LENGTH],
        key_hash=api_token_hash(token),
    )
    api_token.full_clean()
    api_token.save()
    return api_token, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token so that it no longer authenticates; revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_record_use(*, token: ApiToken) -> None:
    """Note that the token was used now, unless that was already noted within the minute."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    # A plain UPDATE: last_used_at is left out of the audit log, and saving the whole row
    # could overwrite a revocation made since the token was read.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
