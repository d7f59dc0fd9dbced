"""Show a service's refusal on the form that asked for the change."""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, aliases: Mapping[str, str] | None = None
) -> None:
    """Put each message next to its field, or above the form when no field has its name.

    `aliases` names the form field that stands for a service's field (a duration the form
    asks for as hours and minutes, say). A refusal that names no field goes above the form.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        field = (aliases or {}).get(field, field)
        form.add_error(field if field in form.fields else None, field_messages)
