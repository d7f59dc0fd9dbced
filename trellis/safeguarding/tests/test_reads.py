from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.utils import timezone

from trellis.safeguarding.reads import ReadOf, readers_of, reads_of, record_read, record_reads
from trellis.testing.safeguarding_factories import raise_concern

pytestmark = pytest.mark.django_db


@pytest.fixture
def concern(people):
    return raise_concern(people.amara_apprenticeship, people.carl)


def test_a_concern_nobody_has_read_has_no_reads(concern):
    assert reads_of(concern) == []


def test_a_read_says_who_read_what_and_when(people, concern):
    before = timezone.now()
    record_read(concern, reader=people.dina, part=ReadOf.CASE)
    [read] = reads_of(concern)
    assert read.who == "Dina Example"
    assert read.what == "The case"
    assert before <= read.when <= timezone.now()


def test_reads_are_newest_first(people, concern):
    start = timezone.now()
    with time_machine.travel(start - timedelta(hours=2), tick=False):
        record_read(concern, reader=people.dina, part=ReadOf.CASE)
    with time_machine.travel(start - timedelta(hours=1), tick=False):
        record_read(concern, reader=people.dina, part=ReadOf.FILE, detail="photo.png")
    record_read(concern, reader=people.carl, part=ReadOf.SHARED_NOTE)
    assert [(read.who, read.what) for read in reads_of(concern)] == [
        ("Carl Example", "A note shared with them"),
        ("Dina Example", "A file: photo.png"),
        ("Dina Example", "The case"),
    ]


def test_reads_at_the_same_moment_are_newest_recorded_first(people, concern):
    with time_machine.travel(timezone.now(), tick=False):
        record_read(concern, reader=people.dina, part=ReadOf.CASE)
        record_read(concern, reader=people.dina, part=ReadOf.API)
    assert [read.what for read in reads_of(concern)] == [
        "The case, through the API",
        "The case",
    ]


def test_a_file_read_names_the_file(people, concern):
    record_read(concern, reader=people.dina, part=ReadOf.FILE, detail="Screenshot of texts.png")
    assert reads_of(concern)[0].what == "A file: Screenshot of texts.png"


def test_each_part_has_its_label(people, concern):
    for part in (ReadOf.CASE, ReadOf.DASHBOARD, ReadOf.FILE, ReadOf.SHARED_NOTE, ReadOf.API):
        with time_machine.travel(timezone.now(), tick=False):
            record_read(concern, reader=people.dina, part=part)
    assert sorted(read.what for read in reads_of(concern)) == sorted(
        [
            "The case",
            "Its line on the dashboard or case list",
            "A file",
            "A note shared with them",
            "The case, through the API",
        ]
    )


def test_record_reads_logs_one_read_per_concern_listed(people):
    first = raise_concern(people.amara_apprenticeship, people.carl)
    second = raise_concern(people.bea_apprenticeship, people.cora)
    third = raise_concern(people.bea_apprenticeship, people.cora)
    record_reads([first, second], reader=people.dina, part=ReadOf.DASHBOARD)
    for concern in (first, second):
        [read] = reads_of(concern)
        assert (read.who, read.what) == ("Dina Example", "Its line on the dashboard or case list")
    assert reads_of(third) == []


def test_record_reads_of_nothing_writes_nothing(people):
    before = LogEntry.objects.count()
    record_reads([], reader=people.dina, part=ReadOf.DASHBOARD)
    assert LogEntry.objects.count() == before


def test_reads_of_one_concern_do_not_show_on_another(people, concern):
    other = raise_concern(people.bea_apprenticeship, people.cora)
    record_read(concern, reader=people.dina, part=ReadOf.CASE)
    record_read(other, reader=people.pat, part=ReadOf.CASE)
    assert [read.who for read in reads_of(concern)] == ["Dina Example"]
    assert [read.who for read in reads_of(other)] == ["Pat Example"]


def test_changes_to_a_concern_are_not_counted_as_reads(people, concern):
    from trellis.safeguarding.services import concern_triage

    concern_triage(concern=concern, by=people.dina, urgency="low", assessment="Looked.")
    assert reads_of(concern) == []


def test_a_read_is_an_access_entry_naming_the_concern_only_by_reference(people, concern):
    record_read(concern, reader=people.dina, part=ReadOf.CASE)
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.object_repr == concern.reference
    assert entry.actor == people.dina
    assert entry.additional_data == {"read": "case", "detail": ""}


def test_the_limit_keeps_the_newest(people, concern):
    start = timezone.now()
    for minutes in range(5):
        with time_machine.travel(start - timedelta(minutes=10 - minutes), tick=False):
            record_read(concern, reader=people.dina, part=ReadOf.FILE, detail=f"f{minutes}")
    assert [read.what for read in reads_of(concern, limit=2)] == ["A file: f4", "A file: f3"]


def test_readers_sum_up_every_read_per_person_the_most_recent_first(people, concern):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        record_read(concern, reader=people.dina, part=ReadOf.CASE)
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=UTC), tick=False):
        record_read(concern, reader=people.carl, part=ReadOf.SHARED_NOTE)
    with time_machine.travel(datetime(2026, 3, 3, 9, 0, tzinfo=UTC), tick=False):
        record_read(concern, reader=people.dina, part=ReadOf.FILE, detail="a.pdf")
    summary = readers_of(concern)
    assert [(r.who, r.reads) for r in summary] == [("Dina Example", 2), ("Carl Example", 1)]
    assert summary[0].first == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert summary[0].last == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
