"""Time the dashboards (provider, EPAO, employer, equality) at 1,000 and 10,000
apprenticeships, on a throw-away SQLite database.

Run: make bench   (or .venv/bin/python bench/dashboards.py --sizes 1000 10000 --requests 10)
"""

import argparse
import os
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.caseload import _provider_with_staff, _time_page  # noqa: E402

STATUSES = (
    *["on_programme"] * 12,
    "break_in_learning",
    "gateway",
    "in_epa",
    *["completed"] * 3,
    "withdrawn",
    "withdrawn",
)
GRADES = ("pass", "pass", "distinction", "fail")
# What each page lists, to count its rows.
ROWS = {
    "/reports/epao/": "dashboards",
    "/reports/employer/": "apprentices",
    "/equality/report/": "characteristics",
}
ETHNIC_GROUPS = ("white", "white", "white", "asian", "black", "mixed", "other", "asian")
SEXES = ("female", "male", "female", "prefer_not_to_say")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 10000], help="apprenticeships to time at"
    )
    parser.add_argument("--requests", type=int, default=10, help="timed requests per page")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="trellis-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["TRELLIS_VAR_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trellis.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()
    call_command("migrate", verbosity=0)
    provider, admin, consultant = _provider_with_staff()

    command = " ".join([".venv/bin/python", "bench/dashboards.py", *sys.argv[1:]])
    print(f"$ {command}")
    print(f"SQLite, one process, Django's test client, {args.requests} requests per page")
    print(f"{'apprenticeships':>15}  {'page':44} {'rows':>5} {'queries':>7} {'median ms':>10}")
    for size in sorted(args.sizes):
        _grow_to(size, provider)
        employer = provider.provided_apprenticeships.values_list("employer_id", flat=True)[0]
        epao_admin, employer_contact = _epao_and_employer_staff(provider)
        pages = [
            (admin, "provider dashboard, whole provider", "/reports/"),
            (
                admin,
                "provider dashboard, one employer, 2025",
                f"/reports/?employer={employer}&cohort=2025",
            ),
            (admin, "provider dashboard, at-risk page 10", "/reports/?page=10"),
            (consultant, "provider dashboard, consultant", "/reports/"),
            (epao_admin, "EPAO dashboard", "/reports/epao/"),
            (employer_contact, "employer's page (a tenth of all)", "/reports/employer/"),
            (admin, "equality report, whole provider", "/equality/report/"),
        ]
        total = provider.provided_apprenticeships.count()
        for user, name, url in pages:
            client = Client()
            client.force_login(user)
            rows, queries, median = _time_page(
                client, url, args.requests, rows=ROWS.get(url.split("?")[0], "at_risk_rows")
            )
            print(f"{total:>15,}  {name:44} {rows:>5} {queries:>7} {median:>10.1f}")


def _epao_and_employer_staff(provider):
    """Return the bench EPAO's admin and the first employer's contact, made once."""
    from trellis.organisations.models import Membership, Organisation, User

    epao = Organisation.objects.get(name="Bench EPAO", kind="epao")
    employer = Organisation.objects.filter(kind="employer").order_by("name").first()
    people = []
    for email, organisation, role in (
        ("epao-admin@bench.example", epao, "epao_admin"),
        ("employer@bench.example", employer, "employer_contact"),
    ):
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": role})
        if created:
            Membership.objects.create(user=user, organisation=organisation, role=role)
        people.append(user)
    return people


def _grow_to(size: int, provider) -> None:
    """Add apprenticeships at every stage, with summaries, and confirmed results for those who
    completed, until the provider has `size`, in bulk."""
    from django.utils import timezone

    from trellis.apprenticeships.models import Apprenticeship
    from trellis.booking.models import Booking, EpaDate
    from trellis.caseload.models import CaseloadSummary
    from trellis.epa.models import Assessment
    from trellis.equality.models import EqualityAnswers
    from trellis.gateway.models import GatewayAttempt
    from trellis.organisations.models import Organisation, User
    from trellis.standards.models import StandardVersion

    existing = provider.provided_apprenticeships.count()
    missing = max(0, size - existing)
    if not missing:
        return
    today = timezone.localdate()
    version = StandardVersion.objects.get(standard__reference="ST0148", version="1.0")
    consultants = list(
        User.objects.filter(memberships__role="consultant", memberships__organisation=provider)
    )
    employers = list(Organisation.objects.filter(kind="employer"))
    epao = Organisation.objects.get_or_create(
        name="Bench EPAO", kind="epao", defaults={"epao_id": "EPA0999"}
    )[0]
    users = User.objects.bulk_create(
        User(
            email=f"dash{existing + n}@bench.example",
            full_name=f"Bench Apprentice {n:05d}",
            date_of_birth=date(1980 + n % 25, 1 + n % 12, 1),
        )
        for n in range(missing)
    )
    # Two in three answer the equality questions.
    EqualityAnswers.objects.bulk_create(
        EqualityAnswers(
            apprentice=user,
            ethnic_group=ETHNIC_GROUPS[n % len(ETHNIC_GROUPS)],
            sex=SEXES[n % len(SEXES)],
            disability="yes" if n % 11 == 0 else "no",
            consented_at=timezone.now(),
        )
        for n, user in enumerate(users)
        if n % 3
    )
    apprenticeships = Apprenticeship.objects.bulk_create(
        Apprenticeship(
            apprentice=user,
            employer=employers[n % len(employers)],
            provider=provider,
            consultant=consultants[n % len(consultants)],
            epao=epao if n % 7 else None,
            standard=version.standard,
            standard_version=version,
            start_date=today - timedelta(days=n % 900),
            planned_end_date=today - timedelta(days=n % 900) + timedelta(days=550),
            status=STATUSES[n % len(STATUSES)],
        )
        for n, user in enumerate(users)
    )
    CaseloadSummary.objects.bulk_create(
        CaseloadSummary(
            apprenticeship=a,
            next_review_due=today + timedelta(days=n % 120 - 30),
            otj_required_hours=187,
            otj_actual_hours=n % 150,
            otj_on_track_until=today + timedelta(days=n % 90 - 45),
            coverage_on_track_until=today + timedelta(days=n % 200 - 60),
            ksbs_secure=n % 36,
            ksbs_total=35,
            plan_agreed=n % 4 != 0,
            qualifications_outstanding=["English level 2"] if n % 9 == 0 else [],
        )
        for n, a in enumerate(apprenticeships)
    )
    completed = [a for a in apprenticeships if a.status == "completed"]
    at = [timezone.make_aware(datetime.combine(a.planned_end_date, time(12))) for a in completed]
    attempts = GatewayAttempt.objects.bulk_create(
        GatewayAttempt(
            apprenticeship=a,
            number=1,
            status="accepted",
            started_at=at[n],
            decided_at=at[n],
            epao=epao,
        )
        for n, a in enumerate(completed)
    )
    bookings = Booking.objects.bulk_create(
        Booking(apprenticeship=a, attempt=attempts[n], epao=epao, created_at=at[n])
        for n, a in enumerate(completed)
    )
    at_gateway = [a for a in apprenticeships if a.status == "gateway"]
    GatewayAttempt.objects.bulk_create(
        GatewayAttempt(
            apprenticeship=a,
            number=1,
            status="submitted",
            started_at=timezone.now() - timedelta(days=n % 40),
            submitted_at=timezone.now() - timedelta(days=n % 40),
            epao=epao,
        )
        for n, a in enumerate(at_gateway)
    )
    EpaDate.objects.bulk_create(
        EpaDate(
            booking=booking,
            activity="Observation",
            day=today + timedelta(days=n % 56),
            starts_at=time(9),
            ends_at=time(11),
            location="On site",
            booked_by=booking.apprenticeship.consultant,
            booked_at=timezone.now(),
        )
        for n, booking in enumerate(bookings)
    )
    Assessment.objects.bulk_create(
        Assessment(
            booking=bookings[n],
            apprenticeship=a,
            status="final",
            created_at=at[n],
            created_by=a.consultant,
            confirmed_at=at[n] + timedelta(days=20 + n % 40),
            final_result={"grade": GRADES[n % len(GRADES)]},
        )
        for n, a in enumerate(completed)
    )


if __name__ == "__main__":
    main()
