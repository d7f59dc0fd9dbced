from datetime import UTC, datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from trellis.equality.models import EqualityAnswers
from trellis.equality.services import (
    EqualityAnswerDetails,
    equality_answers_save,
    equality_answers_withdraw,
)

pytestmark = pytest.mark.django_db
ANSWERS = EqualityAnswerDetails(consent=True, ethnic_group="asian", sex="female", disability="no")


def rows_in_table() -> int:
    """Count the table's rows with SQL, past any manager."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {EqualityAnswers._meta.db_table}")
        return cursor.fetchone()[0]


def test_an_apprentice_s_answers_are_kept_with_when_they_consented(people, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False)
    answers = equality_answers_save(apprentice=people.amara, details=ANSWERS)
    answers.refresh_from_db()
    assert (answers.apprentice, answers.ethnic_group, answers.sex, answers.disability) == (
        people.amara,
        "asian",
        "female",
        "no",
    )
    assert answers.consented_at == datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_changing_the_answers_changes_the_one_row_and_keeps_when_consent_was_given(
    people, time_machine
):
    time_machine.move_to(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False)
    first = equality_answers_save(apprentice=people.amara, details=ANSWERS)
    time_machine.move_to(datetime(2026, 5, 4, 9, tzinfo=UTC), tick=False)
    changed = equality_answers_save(
        apprentice=people.amara,
        details=EqualityAnswerDetails(consent=True, ethnic_group="prefer_not_to_say"),
    )
    assert changed.pk == first.pk
    assert rows_in_table() == 1
    changed.refresh_from_db()
    assert (changed.ethnic_group, changed.sex, changed.disability) == (
        "prefer_not_to_say",
        "prefer_not_to_say",
        "prefer_not_to_say",
    )
    assert changed.consented_at == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert changed.updated_at == datetime(2026, 5, 4, 9, tzinfo=UTC)


def test_withdrawing_deletes_the_row_itself(people):
    equality_answers_save(apprentice=people.amara, details=ANSWERS)
    equality_answers_save(apprentice=people.bea, details=ANSWERS)
    assert equality_answers_withdraw(apprentice=people.amara) is True
    assert rows_in_table() == 1
    assert not EqualityAnswers.objects.filter(apprentice=people.amara).exists()
    # Bea's answers are hers: Amara withdrawing leaves them.
    assert EqualityAnswers.objects.filter(apprentice=people.bea).exists()


def test_withdrawing_with_no_answers_kept_changes_nothing(people):
    assert equality_answers_withdraw(apprentice=people.amara) is False


def test_nothing_is_kept_without_consent(people):
    with pytest.raises(ValidationError) as refused:
        equality_answers_save(
            apprentice=people.amara,
            details=EqualityAnswerDetails(consent=False, ethnic_group="white"),
        )
    assert "Tick the box to agree" in refused.value.message_dict["consent"][0]
    assert rows_in_table() == 0


def test_an_answer_that_is_not_a_choice_is_refused_naming_the_question(people):
    with pytest.raises(ValidationError) as refused:
        equality_answers_save(
            apprentice=people.amara,
            details=EqualityAnswerDetails(consent=True, sex="unknown", disability="maybe"),
        )
    assert refused.value.message_dict == {
        "sex": ["Choose your sex from the list, or “Prefer not to say”."],
        "disability": [
            "Choose your answer about a disability, learning difficulty or health problem "
            "from the list, or “Prefer not to say”."
        ],
    }
    assert rows_in_table() == 0


@pytest.mark.parametrize("name", ["carl", "erin", "pat", "dina", "quinn", "ada", "ian", "otto"])
def test_only_an_apprentice_answers(people, name):
    with pytest.raises(PermissionDenied):
        equality_answers_save(apprentice=getattr(people, name), details=ANSWERS)
    assert rows_in_table() == 0


def test_answering_changing_and_withdrawing_write_nothing_to_the_audit_trail(people):
    before = LogEntry.objects.count()
    equality_answers_save(apprentice=people.amara, details=ANSWERS)
    equality_answers_save(apprentice=people.amara, details=EqualityAnswerDetails(consent=True))
    equality_answers_withdraw(apprentice=people.amara)
    assert LogEntry.objects.count() == before


def test_deleting_the_person_deletes_their_answers(people):
    EqualityAnswers.objects.create(
        apprentice=people.otto, ethnic_group="white", consented_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    people.otto.delete()
    assert rows_in_table() == 0
