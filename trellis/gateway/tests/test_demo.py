import tempfile
from datetime import timedelta

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking.models import Booking, ConflictOfInterest, EpaDate
from trellis.gateway.access import attempts_for_epao
from trellis.gateway.demo import RETURNED_CODE, RETURNED_REASON
from trellis.gateway.models import GatewayAttempt
from trellis.gateway.selectors import readiness_for
from trellis.organisations.models import User

Status = Apprenticeship.Status
PAST_GATEWAY = (Status.GATEWAY, Status.IN_EPA, Status.COMPLETED)
EPAO_ADMIN = "epaoadmin1@keystone-assessment.example"


def apprenticeship_of(full_name: str) -> Apprenticeship:
    return Apprenticeship.objects.get(apprentice__full_name=full_name)


# Seeded once for the class: these tests only read. The demo writes files (its Showcases),
# which go to a folder of the class's own rather than the developer's media folder.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class GatewayDemoTests(TestCase):
    @classmethod
    def setUpClass(cls):
        media = tempfile.TemporaryDirectory()
        cls.addClassCleanup(media.cleanup)
        cls.enterClassContext(override_settings(MEDIA_ROOT=media.name))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        call_command("import_ifate", verbosity=0)
        call_command("load_standards", verbosity=0)
        call_command("seed_demo", "--quiet")
        cls.today = timezone.localdate()
        cls.epao_admin = User.objects.get(email=EPAO_ADMIN)

    def test_megan_meets_every_requirement_and_nobody_has_declared_yet(self):
        megan = apprenticeship_of("Megan Hughes")
        state = readiness_for(megan, today=self.today)
        self.assertTrue(state.requirements_satisfied, [check.detail for check in state.unmet])
        self.assertIsNone(state.attempt)
        self.assertFalse(GatewayAttempt.objects.filter(apprenticeship=megan).exists())

    def test_tariq_still_has_one_showcase_section_to_write(self):
        tariq = apprenticeship_of("Tariq Mahmood")
        state = readiness_for(tariq, today=self.today)
        self.assertEqual([check.code for check in state.unmet], ["portfolio", "epao-named"])

    def test_amelia_waits_in_the_epao_queue(self):
        attempt = GatewayAttempt.objects.get(apprenticeship=apprenticeship_of("Amelia Chen"))
        self.assertEqual(attempt.status, GatewayAttempt.Status.SUBMITTED)
        self.assertLess(timezone.localdate(attempt.submitted_at), self.today)
        self.assertEqual(attempt.declarations.count(), 3)
        self.assertIsNotNone(attempt.showcase_snapshot)
        self.assertTrue(all(row["met"] for row in attempt.checklist))
        self.assertIn(attempt, attempts_for_epao(self.epao_admin))

    def test_rhys_was_returned_once_then_accepted_and_booked(self):
        rhys = apprenticeship_of("Rhys Morgan")
        first, second = GatewayAttempt.objects.filter(apprenticeship=rhys).order_by("number")
        self.assertEqual(first.status, GatewayAttempt.Status.RETURNED)
        reason = first.return_reasons.get()
        self.assertEqual((reason.requirement_code, reason.reason), (RETURNED_CODE, RETURNED_REASON))
        self.assertEqual(second.status, GatewayAttempt.Status.ACCEPTED)
        self.assertLess(first.decided_at, second.submitted_at)

        booking = Booking.objects.get(attempt=second)
        self.assertEqual(booking.assessor.email, "assessor1@keystone-assessment.example")
        self.assertTrue(booking.date_ranges.exists())
        live = booking.dates.filter(status=EpaDate.Status.BOOKED)
        self.assertTrue(live.exists())
        self.assertTrue(all(day.day >= self.today + timedelta(days=7) for day in live))
        moved = booking.dates.get(status=EpaDate.Status.MOVED)
        self.assertEqual(moved.replaced_by.calendar_uid, moved.calendar_uid)
        self.assertTrue(moved.change_reason)

    def test_everyone_past_gateway_has_an_attempt_with_the_demo_epao(self):
        for apprenticeship in Apprenticeship.objects.filter(status__in=PAST_GATEWAY):
            with self.subTest(apprenticeship.apprentice.full_name):
                latest = GatewayAttempt.objects.filter(apprenticeship=apprenticeship).first()
                self.assertIsNotNone(latest)
                self.assertEqual(latest.epao_id, apprenticeship.epao_id)
                wanted = (
                    GatewayAttempt.Status.SUBMITTED
                    if apprenticeship.apprentice.full_name == "Amelia Chen"
                    else GatewayAttempt.Status.ACCEPTED
                )
                self.assertEqual(latest.status, wanted)
                if wanted == GatewayAttempt.Status.ACCEPTED:
                    self.assertIsNotNone(latest.booking.assessor)
                    self.assertTrue(latest.booking.dates.exists())

    def test_the_epao_reaches_nobody_on_programme(self):
        reached = set(
            attempts_for_epao(self.epao_admin).values_list("apprenticeship__status", flat=True)
        )
        self.assertTrue(reached)
        self.assertLessEqual(reached, set(PAST_GATEWAY))

    def test_the_calendar_has_days_this_month_and_next(self):
        this_month = self.today.replace(day=1)
        next_month = (this_month + timedelta(days=32)).replace(day=1)
        months = {
            day.replace(day=1)
            for day in EpaDate.objects.filter(status=EpaDate.Status.BOOKED).values_list(
                "day", flat=True
            )
        }
        self.assertIn(this_month, months)
        self.assertIn(next_month, months)

    def test_anjali_declared_a_conflict_and_assesses_nobody_there(self):
        conflict = ConflictOfInterest.objects.get()
        self.assertEqual(conflict.assessor.full_name, "Anjali Mistry")
        self.assertEqual(conflict.organisation.name, "Meadowbank Care Group")
        self.assertFalse(
            Booking.objects.filter(
                assessor=conflict.assessor, apprenticeship__employer=conflict.organisation
            ).exists()
        )
