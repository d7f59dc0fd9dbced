import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from trellis.organisations.models import Organisation
from trellis.organisations.services import organisation_create, user_create
from trellis.testing.snapshot import database_snapshot_restore, database_snapshot_take


def test_restoring_a_snapshot_brings_back_every_row_as_it_was(transactional_db):
    kept = organisation_create(name="Northway Training", kind="provider", ukprn="10000001")
    person = user_create(email="kept@trellis.example", full_name="Kept Person")
    person.date_of_birth = datetime.date(2001, 2, 3)
    person.save(update_fields=["date_of_birth"])
    snapshot = database_snapshot_take()

    Organisation.objects.filter(pk=kept.pk).update(name="Renamed")
    organisation_create(name="Added later", kind="employer")
    person.delete()
    database_snapshot_restore(snapshot)

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Northway Training"]
    restored = type(person).objects.get(email="kept@trellis.example")
    assert restored.date_of_birth == datetime.date(2001, 2, 3)
    assert ContentType.objects.get_for_model(Organisation).model == "organisation"


def test_rows_added_after_a_restore_take_new_ids_even_after_a_flush(transactional_db):
    first = organisation_create(name="First", kind="employer")
    snapshot = database_snapshot_take()
    # What the end of every transactional test does: empty the tables and restart the ids.
    call_command("flush", interactive=False, verbosity=0)
    database_snapshot_restore(snapshot)

    second = organisation_create(name="Second", kind="employer")

    assert second.pk > first.pk
