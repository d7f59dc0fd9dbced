from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from trellis.apprenticeships.models import Apprenticeship
from trellis.cpd.models import CpdRecord
from trellis.home import demo
from trellis.mentoring import demo as mentoring_demo
from trellis.mentoring.models import MentoringSession
from trellis.mentoring.selectors import observation_summary

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
OTHER_PARTS = ("plans", "otj", "reviews", "qualifications", "portfolio", "showcase", "iqa")


@pytest.fixture
def seeded(monkeypatch):
    """Seed the demo's apprenticeships, mentoring logs and CPD logs only."""
    for part in OTHER_PARTS:
        monkeypatch.setattr(getattr(demo, f"{part}_demo"), "demo_seed_records", lambda **_: None)
    call_command("import_ifate", verbosity=0)
    call_command("load_standards", verbosity=0)
    with time_machine.travel(TODAY, tick=False):
        demo.demo_seed(standards=demo.demo_standards(), today=TODAY)


def test_the_demo_logs_are_plausible_and_follow_each_standard(seeded):
    """One test, as seeding the demo takes a while."""
    chloe = Apprenticeship.objects.get(apprentice__email="apprentice1@eastgate-college.example")
    sessions = MentoringSession.objects.filter(apprenticeship=chloe)
    assert sessions.count() >= 3
    assert sessions.values("learner_ref").distinct().count() >= 2
    assert observation_summary(chloe).ready is True
    assert chloe.standard_version.standard.reference == "ST1379"
    for apprenticeship in Apprenticeship.objects.filter(start_date__lt=TODAY):
        logged = MentoringSession.objects.filter(apprenticeship=apprenticeship)
        assert 1 <= logged.count() <= mentoring_demo.MAX_SESSIONS
        version = apprenticeship.standard_version_id
        assert all(k.standard_version_id == version for s in logged for k in s.ksbs.all())
        assert all(s.held_on < TODAY and s.held_on >= apprenticeship.start_date for s in logged)
        records = CpdRecord.objects.filter(apprenticeship=apprenticeship)
        assert records.exists()
        assert all(k.standard_version_id == version for r in records for k in r.ksbs.all())
    formats = set(MentoringSession.objects.values_list("format", flat=True))
    assert formats == {"one_to_one", "group"}
    assert MentoringSession.objects.filter(format="one_to_one").count() > (
        MentoringSession.objects.filter(format="group").count() * 2
    )
    ksb_codes = set(
        CpdRecord.objects.filter(apprenticeship=chloe).values_list("ksbs__code", flat=True)
    )
    assert "K14" in ksb_codes


@time_machine.travel(TODAY, tick=False)
def test_the_demo_is_deterministic_and_not_seeded_twice(people):
    apprenticeships = [people.amara_apprenticeship]
    mentoring_demo.demo_seed_records(apprenticeships=apprenticeships, today=TODAY)
    first = list(MentoringSession.objects.values_list("held_on", "learner_ref", "format"))
    mentoring_demo.demo_seed_records(apprenticeships=apprenticeships, today=TODAY)
    assert list(MentoringSession.objects.values_list("held_on", "learner_ref", "format")) == first
    assert [ref for _, ref, _ in first][:2] == ["L-002", "L-001"]
