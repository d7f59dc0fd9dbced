from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.reviews.models import ProgressReview
from trellis.reviews.rules import DueState, due_state
from trellis.reviews.selectors import parties_still_to_sign, review_schedule


@pytest.fixture
def demo(db, monkeypatch):
    # Only the apprenticeships and their reviews: the other parts' demos have tests of their own.
    for part in ("plans", "otj", "qualifications"):
        monkeypatch.setattr(f"trellis.{part}.demo.demo_seed_records", lambda **kwargs: None)
    call_command("import_ifate", verbosity=0)
    call_command("load_standards", verbosity=0)
    call_command("seed_demo", quiet=True)


def _state(name: str) -> DueState | None:
    apprenticeship = Apprenticeship.objects.get(apprentice__full_name=name)
    return due_state(review_schedule(apprenticeship).next_due, timezone.localdate())


def test_the_demo_shows_every_kind_of_review_state(demo):
    assert _state("Zara Ahmed") == DueState.OVERDUE
    assert _state("Chloe Bennett") == DueState.DUE_SOON
    assert _state("Sophie Walsh") == DueState.NOT_YET_DUE
    assert _state("Amelia Chen") is None  # at gateway
    waiting = ProgressReview.objects.get(
        apprenticeship__apprentice__full_name="Kwame Mensah", locked_at__isnull=True
    )
    assert [party.value for party in parties_still_to_sign(waiting)] == ["employer"]
    correction = ProgressReview.objects.get(corrects__isnull=False)
    assert correction.is_locked and correction.corrects.is_locked
    assert correction.mode != correction.corrects.mode
    assert date.today() >= max(ProgressReview.objects.values_list("held_on", flat=True))
