from datetime import date

import pytest
import time_machine
from django.urls import reverse

from trellis.cpd.models import CpdRecord
from trellis.cpd.services import CpdRecordDetails, cpd_record_create
from trellis.portfolio.models import EvidenceItem
from trellis.standards.models import KSB

pytestmark = pytest.mark.django_db

READERS = ["amara", "carl", "erin", "pat", "quinn", "dina"]
OUTSIDERS = ["bea", "cora", "evan", "paula", "otto", "ada", "ian", "mo"]
RECORD = {
    "done_on": "2026-06-10",
    "title": "Prevent duty refresher",
    "kind": "course",
    "hours": "",
    "minutes": "",
    "what_was_learned": "How to raise a concern",
    "impact": "",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


def url(people, name="index", **kwargs):
    return reverse(f"cpd:{name}", kwargs={"pk": people.amara_apprenticeship.pk, **kwargs})


def created(people, *codes) -> CpdRecord:
    return cpd_record_create(
        apprenticeship=people.amara_apprenticeship,
        logged_by=people.amara,
        details=CpdRecordDetails(
            done_on=date(2026, 5, 1),
            title="Reading on feedback",
            kind="reading",
            what_was_learned="Feed forward",
            ksbs=list(
                KSB.objects.filter(
                    standard_version=people.amara_apprenticeship.standard_version,
                    code__in=codes,
                )
            ),
        ),
    )


@pytest.mark.parametrize("name", READERS)
def test_portfolio_readers_read_the_log(client, people, name):
    created(people)
    client.force_login(getattr(people, name))
    page = client.get(url(people)).content.decode()
    assert "Reading on feedback" in page
    assert ("Record CPD" in page) == (name == "amara")


@pytest.mark.parametrize("name", OUTSIDERS)
def test_others_get_404(client, people, name):
    record = created(people)
    client.force_login(getattr(people, name))
    assert client.get(url(people)).status_code == 404
    assert client.get(url(people, "record_edit", record_id=record.pk)).status_code == 404


@pytest.mark.parametrize("name", ["carl", "erin"])
def test_readers_may_not_write(client, people, name):
    record = created(people)
    client.force_login(getattr(people, name))
    assert client.post(url(people, "record_create"), RECORD).status_code == 403
    assert client.post(url(people, "record_to_evidence", record_id=record.pk)).status_code == 403
    assert client.post(url(people, "record_delete", record_id=record.pk)).status_code == 403


def test_the_form_preselects_the_previous_records_ksbs_and_names_the_cpd_ksbs(client, people):
    created(people, "K10", "B2")
    client.force_login(people.amara)
    response = client.get(url(people, "record_create"))
    assert {k.code for k in response.context["form"].initial["ksbs"]} == {"K10", "B2"}
    assert "continuing professional development KSBs (K10 and S10)" in response.content.decode()


def test_the_apprentice_records_cpd_and_a_refusal_says_what_to_fix(client, people):
    client.force_login(people.amara)
    refused = client.post(url(people, "record_create"), {**RECORD, "done_on": "2026-06-20"})
    assert "is in the future" in refused.content.decode()
    assert not CpdRecord.objects.exists()
    response = client.post(url(people, "record_create"), {**RECORD, "hours": "2", "minutes": "0"})
    assert response.status_code == 302
    assert CpdRecord.objects.get().duration_minutes == 120


def test_change_delete_and_use_as_evidence(client, people):
    record = created(people)
    client.force_login(people.amara)
    client.post(url(people, "record_edit", record_id=record.pk), RECORD)
    record.refresh_from_db()
    assert record.title == "Prevent duty refresher"
    response = client.post(url(people, "record_to_evidence", record_id=record.pk))
    item = EvidenceItem.objects.get()
    assert item.cpd_record == record
    assert response.url == reverse(
        "portfolio:item_map", args=[people.amara_apprenticeship.pk, item.pk]
    )
    refused = client.post(url(people, "record_delete", record_id=record.pk), follow=True)
    assert "cannot be deleted" in refused.content.decode()
    other = created(people)
    client.post(url(people, "record_delete", record_id=other.pk))
    assert list(CpdRecord.objects.all()) == [record]
