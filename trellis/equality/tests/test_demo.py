from datetime import date

import pytest

from trellis.apprenticeships.models import Apprenticeship
from trellis.equality import demo, rules, selectors
from trellis.equality.models import EqualityAnswers
from trellis.equality.rules import Characteristic, Shown
from trellis.home.demo import APPRENTICES
from trellis.testing.factories import ApprenticeshipFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture
def demo_apprenticeships(people) -> list[Apprenticeship]:
    """One apprenticeship for each demo apprentice, at the status the demo gives them."""
    return [
        ApprenticeshipFactory(
            provider=people.provider,
            standard_version=people.amara_apprenticeship.standard_version,
            status=apprentice.status,
        )
        for apprentice in APPRENTICES
    ]


def test_there_is_a_line_of_answers_for_each_demo_apprentice():
    assert len(demo.ANSWERS) == len(APPRENTICES)


def test_the_demo_shows_rates_small_groups_and_a_group_hidden_to_protect_one(
    demo_apprenticeships,
):
    demo.demo_seed_records(apprenticeships=demo_apprenticeships, today=TODAY)
    # The first demo apprentice, whose sign-in the demo prints, has not answered yet.
    assert not EqualityAnswers.objects.filter(apprentice=demo_apprenticeships[0].apprentice)
    apprenticeships = Apprenticeship.objects.filter(pk__in=[a.pk for a in demo_apprenticeships])
    report = {
        r.characteristic: {row.key: row for row in r.rows}
        for r in rules.equality_report(
            selectors.report_counts(apprenticeships), selectors.report_total(apprenticeships)
        )
    }
    ethnic = report[Characteristic.ETHNIC_GROUP]
    assert (ethnic["white"].apprentices, ethnic["white"].achievement_percent) == (8, 67)
    assert (ethnic["asian"].apprentices, ethnic["asian"].withdrawal_percent) == (7, 0)
    assert ethnic["black"].shown == Shown.TOO_FEW
    assert {row.shown for row in report[Characteristic.SEX].values()} == {Shown.ALL}
    disability = report[Characteristic.DISABILITY]
    assert disability["yes"].shown == Shown.TOO_FEW
    assert disability[rules.NOT_ANSWERED].shown == Shown.PROTECTS_ANOTHER


def test_seeding_again_changes_nothing(demo_apprenticeships):
    demo.demo_seed_records(apprenticeships=demo_apprenticeships, today=TODAY)
    kept = list(EqualityAnswers.objects.values_list("pk", "updated_at"))
    demo.demo_seed_records(apprenticeships=demo_apprenticeships, today=TODAY)
    assert list(EqualityAnswers.objects.values_list("pk", "updated_at")) == kept
    assert len(kept) == 21
