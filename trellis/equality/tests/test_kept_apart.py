"""The answers are kept apart: nothing but the equality app reaches them."""

import json

import pytest
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib import admin

from trellis.api.endpoints import api
from trellis.equality.models import EqualityAnswers
from trellis.organisations.models import User


def test_the_answers_are_not_audit_logged():
    assert not auditlog.contains(EqualityAnswers)


def test_the_answers_are_not_in_the_django_admin():
    assert not admin.site.is_registered(EqualityAnswers)


def test_a_person_has_no_way_through_to_their_answers():
    # No reverse accessor, and not among the relations a generic walk of a person's record
    # (a full-record export, say) would follow.
    assert all(
        getattr(field, "related_model", None) is not EqualityAnswers
        for field in User._meta.get_fields()
    )
    assert not any(name.startswith("equality") for name in dir(User))


def test_nothing_else_in_the_record_points_at_the_answers():
    pointing_in = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model is not EqualityAnswers
        for field in model._meta.get_fields(include_hidden=True)
        if field.is_relation and field.concrete and field.related_model is EqualityAnswers
    ]
    assert pointing_in == []


@pytest.mark.parametrize("word", ["equality", "ethnic", "disability"])
def test_the_api_offers_nothing_of_the_answers(word):
    schema = json.dumps(api.get_openapi_schema()).lower()
    assert word not in schema
