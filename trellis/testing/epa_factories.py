"""Take a booked apprenticeship through the end-point assessment with the real services, so
every state in a test is one the system can reach."""

from datetime import time

from trellis.booking.models import Booking
from trellis.booking.services import assessor_assign
from trellis.epa import selectors, services
from trellis.epa.models import Assessment
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.testing.gateway_factories import accepted, offered

# Two sessions of an hour each: 120 minutes, the middle of what ST0148 allows.
SESSION_TIMES = ((time(9, 0), time(10, 0)), (time(11, 0), time(12, 0)))


def _member(epao_id: int, role: Role) -> User:
    return User.objects.filter(memberships__organisation_id=epao_id, memberships__role=role).first()


def assigned(apprenticeship, *, assessor: User | None = None) -> Booking:
    """Accept the gateway, offer dates and assign the EPAO's first assessor (or `assessor`)."""
    booking = accepted(apprenticeship)
    offered(booking)
    admin = _member(booking.epao_id, Role.EPAO_ADMIN)
    assessor = assessor or _member(booking.epao_id, Role.ASSESSOR)
    return assessor_assign(booking=booking, assigned_by=admin, assessor=assessor)


def started(apprenticeship, *, assessor: User | None = None) -> Assessment:
    booking = assigned(apprenticeship, assessor=assessor)
    return services.assessment_start(booking=booking, started_by=booking.assessor)


def record_sittings(assessment: Assessment, *, learners=("L-101", "L-202")) -> None:
    """Record every method's sitting within the plan's rules: observed sessions with different
    learners and follow-up questioning, and the discussion's setting and times."""
    by = assessment.booking.assessor
    for method in selectors.methods_taken(assessment):
        code = method["code"]
        if method.get("sessions"):
            count = method["sessions"]["count"]
            total = method["duration"]["minutes"]
            for number in range(1, count + 1):
                start_hour = 8 + number * 2
                minutes = total // count
                services.session_save(
                    assessment=assessment,
                    by=by,
                    method=code,
                    number=number,
                    learner_ref=learners[(number - 1) % len(learners)],
                    format="one_to_one",
                    genuine_confirmed=True,
                    no_other_learners_confirmed=True,
                    started_at=time(start_hour, 0),
                    ended_at=time(start_hour + minutes // 60, minutes % 60),
                )
            questioning = method.get("follow_up_questioning")
            services.method_record_save(
                assessment=assessment,
                by=by,
                method=code,
                questioning_minutes=questioning["max_minutes"] if questioning else None,
            )
        else:
            minutes = method["duration"]["minutes"]
            services.method_record_save(
                assessment=assessment,
                by=by,
                method=code,
                setting_confirmed=True,
                started_at=time(14, 0),
                ended_at=time(14 + minutes // 60, minutes % 60),
            )


def score_all(assessment: Assessment, points: int = 2, **overrides: int) -> None:
    """Score every criterion of every method taken `points`, except `overrides`, keyed
    METHOD_CRITERION (such as LMO_T3=1)."""
    by = assessment.booking.assessor
    for method in selectors.methods_taken(assessment):
        for criterion in method["criteria"]:
            key = f"{method['code']}_{criterion['code']}"
            services.score_save(
                assessment=assessment,
                by=by,
                method=method["code"],
                criterion=criterion["code"],
                points=overrides.get(key, points),
                justification=f"Seen in session: {criterion['title'].lower()}.",
            )


def finalised(apprenticeship, points: int = 2, **overrides: int) -> Assessment:
    assessment = started(apprenticeship)
    record_sittings(assessment)
    score_all(assessment, points, **overrides)
    return services.assessment_finalise(assessment=assessment, by=assessment.booking.assessor)
