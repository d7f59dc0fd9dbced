import html

import pytest
from django.urls import reverse

from trellis.safeguarding.reads import reads_of
from trellis.safeguarding.services import concern_share_note
from trellis.testing.safeguarding_factories import ACCOUNT, raise_concern

pytestmark = pytest.mark.django_db

NOTES = reverse("safeguarding:shared_notes")
NOTE = "Amara may need to leave early on Thursdays for appointments; please allow it."
REASON = "You arrange her hours at work."


@pytest.fixture
def shared(people):
    concern = raise_concern(people.amara_apprenticeship, people.carl)
    return concern_share_note(
        concern=concern, by=people.dina, recipient=people.erin, note=NOTE, reason=REASON
    )


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_recipient_sees_the_note_and_why(client, people, shared):
    client.force_login(people.erin)
    listing = text(client.get(NOTES))
    assert "Amara Example" in listing
    assert "Dina Example" in listing
    assert NOTE not in listing
    page = text(client.get(reverse("safeguarding:shared_note", args=[shared.pk])))
    assert NOTE in page
    assert REASON in page
    assert "Dina Example" in page
    assert "Amara Example" in page
    assert "Keep this to yourself: it was shared with you only" in page
    assert ACCOUNT not in page
    assert shared.concern.reference not in page


def test_opening_the_note_records_a_read(client, people, shared):
    client.force_login(people.erin)
    client.get(reverse("safeguarding:shared_note", args=[shared.pk]))
    [read] = reads_of(shared.concern)
    assert read.who == "Erin Example"
    assert read.what.startswith("A note shared with them: note shared on ")


def test_the_list_records_no_read(client, people, shared):
    client.force_login(people.erin)
    client.get(NOTES)
    assert reads_of(shared.concern) == []


@pytest.mark.parametrize("name", ["amara", "carl", "evan", "dina", "pat", "ian", "otto"])
def test_anyone_else_gets_404(client, people, shared, name):
    client.force_login(getattr(people, name))
    response = client.get(reverse("safeguarding:shared_note", args=[shared.pk]))
    assert response.status_code == 404
    assert NOTE not in text(client.get(NOTES))
    assert reads_of(shared.concern) == []


def test_a_guessed_note_is_not_found(client, people, shared):
    client.force_login(people.erin)
    assert client.get(reverse("safeguarding:shared_note", args=[shared.pk + 1])).status_code == 404
