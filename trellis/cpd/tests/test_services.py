from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from trellis.cpd.access import get_record_for_user
from trellis.cpd.models import CpdRecord
from trellis.cpd.selectors import cpd_ksb_codes, previous_ksbs
from trellis.cpd.services import (
    CpdRecordDetails,
    cpd_record_change,
    cpd_record_create,
    cpd_record_delete,
    cpd_record_to_evidence,
)
from trellis.portfolio.decisions import evidence_submit
from trellis.portfolio.models import EvidenceItem
from trellis.standards.models import KSB
from trellis.testing.portfolio_factories import map_ksbs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


def details(**changes) -> CpdRecordDetails:
    values = {
        "done_on": date(2026, 6, 1),
        "title": "Safeguarding update",
        "kind": "course",
        "what_was_learned": "The new referral route",
        "impact": "I refer sooner",
        "duration_minutes": 90,
    }
    return CpdRecordDetails(**(values | changes))


def create(people, **changes) -> CpdRecord:
    return cpd_record_create(
        apprenticeship=people.amara_apprenticeship,
        logged_by=people.amara,
        details=details(**changes),
    )


def ksbs(people, *codes):
    return list(
        KSB.objects.filter(
            standard_version=people.amara_apprenticeship.standard_version, code__in=codes
        )
    )


def test_the_apprentice_records_cpd(people):
    record = create(people, ksbs=ksbs(people, "K10", "S10"), duration_minutes=None)
    record.refresh_from_db()
    assert record.duration_minutes is None
    assert sorted(k.code for k in record.ksbs.all()) == ["K10", "S10"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": " "}, "title", "short title"),
        ({"kind": "holiday"}, "kind", "what kind of CPD"),
        ({"duration_minutes": 0}, "duration", "more than 0 minutes"),
        ({"what_was_learned": ""}, "what_was_learned", "what you learned"),
        ({"done_on": date(2026, 6, 16)}, "done_on", "in the future"),
        ({"done_on": date(2026, 1, 4)}, "done_on", "before the apprenticeship started"),
    ],
)
def test_each_refusal_says_what_to_fix_and_records_nothing(people, changes, field, words):
    with pytest.raises(ValidationError) as error:
        create(people, **changes)
    assert words in error.value.message_dict[field][0]
    assert not CpdRecord.objects.exists()


@pytest.mark.parametrize("name", ["carl", "erin", "pat", "quinn"])
def test_readers_may_not_record_cpd(people, name):
    with pytest.raises(PermissionDenied, match="Only the apprentice keeps their CPD log"):
        cpd_record_create(
            apprenticeship=people.amara_apprenticeship,
            logged_by=getattr(people, name),
            details=details(),
        )


@pytest.mark.parametrize("name", ["carl", "erin", "amara"])
def test_readers_see_a_record(people, name):
    record = create(people)
    assert get_record_for_user(getattr(people, name), people.amara_apprenticeship.pk, record.pk)


@pytest.mark.parametrize("name", ["ada", "ian", "mo", "otto", "bea", "cora", "evan"])
def test_others_get_404(people, name):
    record = create(people)
    with pytest.raises(Http404):
        get_record_for_user(getattr(people, name), people.amara_apprenticeship.pk, record.pk)


def test_change_and_delete(people):
    record = create(people)
    cpd_record_change(record=record, changed_by=people.amara, details=details(title="Prevent"))
    record.refresh_from_db()
    assert record.title == "Prevent"
    with pytest.raises(PermissionDenied):
        cpd_record_change(record=record, changed_by=people.carl, details=details())
    with pytest.raises(PermissionDenied):
        cpd_record_delete(record=record, deleted_by=people.erin)
    cpd_record_delete(record=record, deleted_by=people.amara)
    assert not CpdRecord.objects.exists()


def test_use_as_evidence_once_then_no_delete_and_no_change_once_submitted(people):
    record = create(people)
    item = cpd_record_to_evidence(record=record, used_by=people.amara)
    assert (item.kind, item.status, item.title, item.occurred_on) == (
        "cpd",
        "draft",
        "Safeguarding update",
        date(2026, 6, 1),
    )
    assert item.cpd_record == record
    record.refresh_from_db()
    with pytest.raises(ValidationError, match="already the evidence item"):
        cpd_record_to_evidence(record=record, used_by=people.amara)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        cpd_record_delete(record=record, deleted_by=people.amara)
    cpd_record_change(record=record, changed_by=people.amara, details=details(impact="More"))
    map_ksbs(item, ["K10"])
    evidence_submit(item=item, submitted_by=people.amara)
    with pytest.raises(ValidationError, match="awaiting assessment"):
        cpd_record_change(record=record, changed_by=people.amara, details=details(impact="Less"))
    record.refresh_from_db()
    assert record.impact == "More"
    assert EvidenceItem.objects.count() == 1


def test_the_consultant_may_not_use_a_record_as_evidence(people):
    record = create(people)
    with pytest.raises(PermissionDenied):
        cpd_record_to_evidence(record=record, used_by=people.carl)


def test_the_previous_records_ksbs_are_preselected(people):
    assert previous_ksbs(people.amara_apprenticeship) == []
    create(people, ksbs=ksbs(people, "K10", "S10"))
    create(people, ksbs=ksbs(people, "B4"), done_on=date(2026, 3, 1))
    assert [k.code for k in previous_ksbs(people.amara_apprenticeship)] == ["B4"]


def test_the_cpd_ksbs_are_read_from_the_standards_criteria(people):
    assert cpd_ksb_codes(people.amara_apprenticeship) == ["K10", "S10"]
