import re
import tempfile
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.utils import timezone

from trellis.apprenticeships.access import apprenticeships_visible_to
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.rules import add_months
from trellis.apprenticeships.selectors import withdrawal_date
from trellis.home import demo
from trellis.organisations.models import Membership, Organisation, User
from trellis.organisations.roles import Role
from trellis.otj.models import OtjEntry
from trellis.otj.selectors import otj_required
from trellis.plans.models import PlanActivity
from trellis.testing.factories import UserFactory

Status = Apprenticeship.Status
LOGIN_ROWS = [
    ("Apprentice", "apprentice1@eastgate-college.example"),
    ("Employer contact", "employer1@eastgate-college.example"),
    ("Training consultant", "consultant1@northway-training.example"),
    ("Safeguarding lead", "dsl1@northway-training.example"),
    ("Provider admin", "provideradmin1@northway-training.example"),
    ("Quality lead", "quality1@northway-training.example"),
    ("EPAO admin", "epaoadmin1@keystone-assessment.example"),
    ("Independent assessor", "assessor1@keystone-assessment.example"),
    ("Moderator", "moderator1@keystone-assessment.example"),
]
EMAIL_PREFIX_BY_ROLE = {
    Role.APPRENTICE: "apprentice",
    Role.EMPLOYER_CONTACT: "employer",
    Role.CONSULTANT: "consultant",
    Role.SAFEGUARDING_LEAD: "dsl",
    Role.PROVIDER_ADMIN: "provideradmin",
    Role.QUALITY_LEAD: "quality",
    Role.EPAO_ADMIN: "epaoadmin",
    Role.ASSESSOR: "assessor",
    Role.MODERATOR: "moderator",
}


def seed_demo(*args: str) -> str:
    stdout = StringIO()
    call_command("seed_demo", *args, stdout=stdout)
    return stdout.getvalue()


def database_snapshot() -> dict:
    return {
        "users": User.objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "log entries": LogEntry.objects.count(),
        "apprenticeships": list(
            Apprenticeship.objects.order_by("pk").values_list(
                "pk", "status", "revision", "updated_at"
            )
        ),
    }


def learning_mentor_load() -> None:
    call_command("import_ifate", verbosity=0)
    call_command("load_standards", verbosity=0)


@pytest.fixture
def learning_mentor(db):
    learning_mentor_load()


@pytest.fixture
def seeded(learning_mentor):
    return seed_demo()


# Seeded once for the class: these tests only read. The demo writes files (its Showcases),
# which go to a folder of the class's own rather than the developer's media folder.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class SeededDemoTests(TestCase):
    @classmethod
    def setUpClass(cls):
        media = tempfile.TemporaryDirectory()
        cls.addClassCleanup(media.cleanup)
        cls.enterClassContext(override_settings(MEDIA_ROOT=media.name))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        learning_mentor_load()
        cls.output = seed_demo()

    def test_creates_one_provider_three_employers_and_one_epao(self):
        kinds = Counter(Organisation.objects.values_list("kind", flat=True))
        self.assertEqual(
            kinds,
            {
                Organisation.Kind.PROVIDER: 1,
                Organisation.Kind.EMPLOYER: 3,
                Organisation.Kind.EPAO: 1,
            },
        )
        self.assertEqual(Organisation.objects.get(kind=Organisation.Kind.EPAO).epao_id, "EPA0456")

    def test_every_role_is_held_under_an_email_address_naming_it(self):
        for role, prefix in EMAIL_PREFIX_BY_ROLE.items():
            with self.subTest(role=role):
                emails = Membership.objects.filter(role=role).values_list("user__email", flat=True)
                self.assertTrue(emails)
                for email in emails:
                    self.assertRegex(email, rf"^{prefix}\d+@[a-z-]+\.example$")

    def test_staff_counts_match_the_organisations(self):
        roles = Counter(
            Membership.objects.exclude(role=Role.APPRENTICE).values_list("role", flat=True)
        )
        self.assertEqual(
            roles,
            {
                Role.CONSULTANT: 3,
                Role.SAFEGUARDING_LEAD: 1,
                Role.QUALITY_LEAD: 1,
                Role.PROVIDER_ADMIN: 1,
                Role.EMPLOYER_CONTACT: 3,
                Role.EPAO_ADMIN: 1,
                Role.ASSESSOR: 2,
                Role.MODERATOR: 1,
            },
        )

    def test_twenty_six_apprentices_each_with_one_apprenticeship(self):
        emails = list(Apprenticeship.objects.values_list("apprentice__email", flat=True))
        self.assertEqual(len(emails), 26)
        self.assertEqual(
            {email.split("@")[0] for email in emails},
            {f"apprentice{number}" for number in range(1, 27)},
        )
        self.assertTrue(all(email.endswith(".example") for email in emails))
        self.assertEqual(Membership.objects.filter(role=Role.APPRENTICE).count(), 26)

    def test_each_apprentice_is_on_the_version_approved_for_their_start(self):
        for apprenticeship in Apprenticeship.objects.select_related("standard_version__standard"):
            version = apprenticeship.standard_version
            with self.subTest(apprentice=apprenticeship.apprentice.email):
                self.assertLessEqual(version.earliest_start_date, apprenticeship.start_date)
                if version.latest_start_date is not None:
                    self.assertLessEqual(apprenticeship.start_date, version.latest_start_date)
        references = Counter(
            Apprenticeship.objects.values_list("standard_version__standard__reference", flat=True)
        )
        self.assertEqual(references, {"ST1379": 24, "ST0148": 2})

    def test_apprentices_are_spread_over_the_employers_and_consultants(self):
        per_employer = Counter(Apprenticeship.objects.values_list("employer__name", flat=True))
        per_consultant = Counter(Apprenticeship.objects.values_list("consultant__email", flat=True))
        self.assertEqual(len(per_employer), 3)
        self.assertEqual(
            set(per_consultant),
            {f"consultant{number}@northway-training.example" for number in (1, 2, 3)},
        )
        self.assertGreaterEqual(min(per_employer.values()), 6)
        self.assertGreaterEqual(min(per_consultant.values()), 6)

    def test_apprentices_are_at_every_stage_and_most_on_programme(self):
        statuses = Counter(Apprenticeship.objects.values_list("status", flat=True))
        self.assertEqual(set(statuses), set(Status.values))
        self.assertGreater(statuses[Status.ON_PROGRAMME], Apprenticeship.objects.count() / 2)
        for status in (Status.BREAK_IN_LEARNING, Status.GATEWAY, Status.IN_EPA, Status.COMPLETED):
            with self.subTest(status=status):
                self.assertGreaterEqual(statuses[status], 2)
        self.assertIn(statuses[Status.WITHDRAWN], (1, 2))

    def test_dates_are_relative_to_today_and_respect_the_minimum_duration(self):
        today = timezone.localdate()
        apprenticeships = list(Apprenticeship.objects.all())
        starts = sorted(apprenticeship.start_date for apprenticeship in apprenticeships)
        self.assertTrue(add_months(today, -2) <= starts[-1] < today)
        self.assertTrue(add_months(today, -52) <= starts[0] <= add_months(today, -48))
        for apprenticeship in apprenticeships:
            with self.subTest(apprentice=apprenticeship.apprentice.email):
                start = apprenticeship.start_date
                self.assertGreaterEqual(apprenticeship.planned_end_date, add_months(start, 15))
                self.assertLessEqual(apprenticeship.planned_end_date, add_months(start, 18))

    def test_only_apprenticeships_well_under_way_have_the_epao_named(self):
        epao = Organisation.objects.get(kind=Organisation.Kind.EPAO)
        recent = Apprenticeship.objects.filter(start_date__gt=add_months(timezone.localdate(), -3))
        assessed = Apprenticeship.objects.filter(
            status__in=[Status.GATEWAY, Status.IN_EPA, Status.COMPLETED]
        )
        self.assertTrue(recent.exists())
        self.assertFalse(recent.exclude(epao=None).exists())
        self.assertEqual(set(assessed.values_list("epao", flat=True)), {epao.pk})

    def test_those_who_stopped_logging_have_hours_to_the_day_they_stopped(self):
        """Past gateway: the required hours confirmed before the first submission, none after;
        withdrawn: some hours, short of the required, none after the last day of learning."""
        stopped = Apprenticeship.objects.exclude(
            status__in=[Status.ON_PROGRAMME, Status.BREAK_IN_LEARNING]
        )
        for apprenticeship in stopped:
            with self.subTest(apprentice=apprenticeship.apprentice.full_name):
                entries = OtjEntry.objects.filter(apprenticeship=apprenticeship)
                confirmed = entries.filter(status=OtjEntry.Status.CONFIRMED)
                confirmed_hours = Decimal(sum(e.duration_minutes for e in confirmed)) / 60
                required = otj_required(apprenticeship).hours
                self.assertEqual(confirmed.count(), entries.count())
                if apprenticeship.status == Status.WITHDRAWN:
                    last_day = withdrawal_date(apprenticeship)
                    self.assertLess(confirmed_hours, required)
                else:
                    first = apprenticeship.gateway_attempts.order_by("number").first()
                    last_day = timezone.localdate(first.submitted_at) - timedelta(days=1)
                    self.assertGreaterEqual(confirmed_hours, required)
                self.assertGreater(confirmed_hours, 0)
                self.assertFalse(entries.filter(date__gt=last_day).exists())

    def test_every_apprentice_but_one_new_starter_has_a_plan_all_three_signed(self):
        """Completed and withdrawn apprentices too, with their activities as they stood when
        learning ended."""
        without = Apprenticeship.objects.filter(plan_versions=None)
        self.assertEqual([a.apprentice.full_name for a in without], ["Imran Qureshi"])
        closed = Apprenticeship.objects.filter(status__in=[Status.COMPLETED, Status.WITHDRAWN])
        self.assertEqual(closed.count(), 6)
        for apprenticeship in closed:
            with self.subTest(apprentice=apprenticeship.apprentice.full_name):
                (version,) = apprenticeship.plan_versions.all()
                self.assertEqual(version.signatures.count(), 3)
                activities = version.activities.all()
                self.assertGreater(sum(a.planned_otj_hours for a in activities), 0)
                statuses = {a.status for a in activities}
                if apprenticeship.status == Status.COMPLETED:
                    self.assertEqual(statuses, {PlanActivity.Status.COMPLETED})
                else:
                    last_day = withdrawal_date(apprenticeship)
                    self.assertNotIn(
                        PlanActivity.Status.COMPLETED,
                        {a.status for a in activities if a.planned_end >= last_day},
                    )
                    self.assertIn(PlanActivity.Status.COMPLETED, statuses)

    def test_history_is_recorded_with_the_system_as_author(self):
        completed = Apprenticeship.objects.filter(status=Status.COMPLETED).first()
        entries = LogEntry.objects.get_for_object(completed)
        self.assertEqual(entries.filter(action=LogEntry.Action.CREATE).count(), 1)
        self.assertEqual(entries.filter(action=LogEntry.Action.UPDATE).count(), 2)
        self.assertFalse(LogEntry.objects.exclude(actor=None).exists())

    def test_every_demo_person_signs_in_with_the_demo_password(self):
        users = list(User.objects.all())
        self.assertEqual(len(users), 39)
        for user in users:
            with self.subTest(email=user.email):
                signed_in = authenticate(
                    username=user.email, password=settings.TRELLIS_DEMO_PASSWORD
                )
                self.assertEqual(signed_in, user)

    def test_each_apprentice_sees_exactly_their_own_apprenticeship(self):
        for apprenticeship in Apprenticeship.objects.select_related("apprentice"):
            with self.subTest(apprentice=apprenticeship.apprentice.email):
                visible = list(apprenticeships_visible_to(apprenticeship.apprentice))
                self.assertEqual(visible, [apprenticeship])

    def test_default_output_has_the_summary_and_the_log_ins(self):
        lines = self.output.splitlines()
        self.assertEqual(
            lines[0], "Created 1 provider, 3 employers, 1 EPAO, 39 people, 26 apprenticeships."
        )
        self.assertIn(f"Demo log-ins (password: {settings.TRELLIS_DEMO_PASSWORD})", lines)
        self.assertEqual(lines[-1], "Sign in at http://127.0.0.1:8000/")


@pytest.mark.django_db
class TestRunningAgain:
    def test_second_run_changes_nothing(self, seeded):
        before = database_snapshot()

        output = seed_demo()

        assert output == "Demo data already present: nothing changed.\n"
        assert database_snapshot() == before

    def test_second_quiet_run_prints_nothing(self, seeded):
        assert seed_demo("--quiet") == ""

    def test_refuses_names_already_in_use_and_adds_nothing(self, learning_mentor):
        UserFactory(email="consultant2@northway-training.example")

        with pytest.raises(CommandError, match=r"consultant2@northway-training\.example"):
            seed_demo()

        assert Organisation.objects.count() == 0
        assert User.objects.count() == 1

    def test_failure_half_way_leaves_nothing_behind(self, learning_mentor, monkeypatch):
        def refuse(**kwargs):
            raise ValidationError("Refused.")

        # The first update comes after every organisation and person has been created.
        monkeypatch.setattr(demo, "apprenticeship_update", refuse)
        before = database_snapshot()

        with pytest.raises(CommandError, match=r"^Demo data not added: Refused\.$"):
            seed_demo()

        assert database_snapshot() == before
        assert before["users"] == 0


@pytest.mark.django_db
class TestOutput:
    def test_quiet_prints_nothing(self, learning_mentor):
        assert seed_demo("--quiet") == ""
        assert Apprenticeship.objects.count() == 26

    def test_logins_lists_one_person_per_role_and_changes_nothing(self, seeded):
        before = database_snapshot()

        output = seed_demo("--logins")

        assert database_snapshot() == before
        lines = output.splitlines()
        assert lines[0] == f"Demo log-ins (password: {settings.TRELLIS_DEMO_PASSWORD})"
        table = lines[1 : 1 + len(LOGIN_ROWS)]
        for line, (label, email) in zip(table, LOGIN_ROWS, strict=True):
            assert re.match(rf"^ +{label} +{re.escape(email)} +\S", line), line
        assert "Sign in at http://127.0.0.1:8000/" in lines
        assert "Created" not in output

    def test_logins_without_the_demo_data_fails_and_adds_nothing(self, learning_mentor):
        with pytest.raises(CommandError, match="demo data is not loaded"):
            seed_demo("--logins")

        assert User.objects.count() == 0

    def test_sign_in_address_follows_the_site_url(self, learning_mentor, settings):
        settings.SITE_URL = "https://trellis.example/"

        assert seed_demo().splitlines()[-1] == "Sign in at https://trellis.example/"


@pytest.mark.django_db
def test_asks_for_the_standards_when_they_are_not_loaded():
    with pytest.raises(
        CommandError,
        match=r"^Load the standards first: manage\.py import_ifate, then manage\.py "
        r"load_standards$",
    ):
        seed_demo()

    assert Organisation.objects.count() == 0
