from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.home import demo
from trellis.qualifications.rules import age_on
from trellis.qualifications.selectors import qualifications_overview

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
Status = Apprenticeship.Status


@pytest.fixture
def seeded(monkeypatch):
    """Seed the demo with only the enrolment, status and qualification records."""
    for part in (demo.plans_demo, demo.otj_demo, demo.reviews_demo):
        monkeypatch.setattr(part, "demo_seed_records", lambda **_: None)
    call_command("import_ifate", verbosity=0)
    call_command("load_standards", verbosity=0)
    with time_machine.travel(TODAY, tick=False):
        demo.demo_seed(standards=demo.demo_standards(), today=TODAY)
    return list(Apprenticeship.objects.select_related("apprentice").order_by("pk"))


def test_the_demo_has_status_histories_ages_and_qualifications(seeded):
    """One test, as seeding the demo takes a while."""
    check_breaks_and_withdrawals_have_their_dated_records(seeded)
    check_most_apprentices_are_adults_and_two_are_16_to_18(seeded)
    check_qualifications_show_a_mix_of_states(seeded)


def check_breaks_and_withdrawals_have_their_dated_records(seeded):
    for apprenticeship in seeded:
        kinds = list(apprenticeship.status_changes.values_list("kind", flat=True))
        if apprenticeship.status == Status.BREAK_IN_LEARNING:
            assert kinds == [StatusChange.Kind.BREAK_IN_LEARNING]
        elif apprenticeship.status == Status.WITHDRAWN:
            assert kinds == [StatusChange.Kind.WITHDRAWAL]
        else:
            assert kinds == []
    assert Apprenticeship.objects.filter(status=Status.BREAK_IN_LEARNING).count() == 2
    assert Apprenticeship.objects.filter(status=Status.WITHDRAWN).count() == 2


def check_most_apprentices_are_adults_and_two_are_16_to_18(seeded):
    ages = [
        age_on(a.apprentice.date_of_birth, a.start_date)
        for a in seeded
        if a.apprentice.date_of_birth is not None
    ]
    assert len([age for age in ages if 16 <= age <= 18]) == 2
    assert len([age for age in ages if age >= 19]) == len(seeded) - 3
    assert len(ages) == len(seeded) - 1


def check_qualifications_show_a_mix_of_states(seeded):
    with time_machine.travel(TODAY, tick=False):
        overviews = [qualifications_overview(a) for a in seeded]
    states = {view.status.state for o in overviews for view in o.subjects}
    assert {"achieved", "exempt", "required", "optional", "age_unknown"} <= states
    assert any(o.safeguarding_achieved for o in overviews)
    assert any(not o.safeguarding_achieved for o in overviews)
    assert any(o.additional for o in overviews)
