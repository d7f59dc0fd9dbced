"""Time the caseload page at 1,000 and 10,000 apprenticeships, on a throw-away SQLite database.

Run: make bench   (or .venv/bin/python bench/caseload.py --sizes 1000 10000 --requests 20)
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 10000], help="apprenticeships to time at"
    )
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
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
    # The figures are about pages, not about hashing the made-up people's passwords.
    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()
    call_command("migrate", verbosity=0)
    provider, admin, consultant = _provider_with_staff()

    command = " ".join([".venv/bin/python", "bench/caseload.py", *sys.argv[1:]])
    print(f"$ {command}")
    print(f"SQLite, one process, Django's test client, {args.requests} requests per page")
    print(f"{'apprenticeships':>15}  {'page':44} {'rows':>5} {'queries':>7} {'median ms':>10}")
    for size in sorted(args.sizes):
        _grow_to(size, provider)
        pages = [
            (admin, "provider admin, page 1", "/caseload/"),
            (admin, "provider admin, page 20", "/caseload/?page=20"),
            (
                admin,
                "provider admin, OTJ behind, by next review",
                "/caseload/?flag=otj_behind&sort=review&order=desc&page=2",
            ),
            (consultant, "consultant, page 1", "/caseload/"),
            (
                consultant,
                "consultant, review overdue, by OTJ",
                "/caseload/?flag=review_overdue&sort=otj",
            ),
        ]
        total = provider.provided_apprenticeships.count()
        for user, name, url in pages:
            client = Client()
            client.force_login(user)
            rows, queries, median = _time_page(client, url, args.requests)
            print(f"{total:>15,}  {name:44} {rows:>5} {queries:>7} {median:>10.1f}")


def _time_page(client, url: str, requests: int, rows: str = "rows") -> tuple[int, int, float]:
    """Return the rows shown, the queries made and the median time of the page in ms."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    # Each request clears the query log as it starts; start from empty so none is missed.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return len(response.context[rows]), len(queries), statistics.median(timings)


def _provider_with_staff():
    """Create a provider with an admin, three consultants and ten employers."""
    from trellis.organisations.models import Membership, Organisation, User
    from trellis.standards.datafile import DATA_DIR
    from trellis.standards.services import standard_file_load

    standard_file_load(path=DATA_DIR / "ST0148-1.0.toml")
    provider = Organisation.objects.create(name="Bench Training", kind="provider")
    Organisation.objects.bulk_create(
        Organisation(name=f"Bench Employer {n:02d}", kind="employer") for n in range(10)
    )
    staff = [("admin", "provider_admin"), *((f"consultant{n}", "consultant") for n in range(3))]
    people = []
    for name, role in staff:
        user = User.objects.create_user(email=f"{name}@bench.example", full_name=name.title())
        Membership.objects.create(user=user, organisation=provider, role=role)
        people.append(user)
    return provider, people[0], people[1]


def _grow_to(size: int, provider) -> None:
    """Add apprenticeships with summaries until the provider has `size`, in bulk."""
    from django.utils import timezone

    from trellis.apprenticeships.models import Apprenticeship
    from trellis.caseload.models import CaseloadSummary
    from trellis.organisations.models import Membership, Organisation, User
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
    users = User.objects.bulk_create(
        User(email=f"bench{existing + n}@bench.example", full_name=f"Bench Apprentice {n:05d}")
        for n in range(missing)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=employers[n % len(employers)], role="apprentice")
        for n, user in enumerate(users)
    )
    apprenticeships = Apprenticeship.objects.bulk_create(
        Apprenticeship(
            apprentice=user,
            employer=employers[n % len(employers)],
            provider=provider,
            consultant=consultants[n % len(consultants)],
            standard=version.standard,
            standard_version=version,
            start_date=today - timedelta(days=n % 500),
            planned_end_date=today - timedelta(days=n % 500) + timedelta(days=550),
            status=Apprenticeship.Status.BREAK_IN_LEARNING
            if n % 17 == 0
            else Apprenticeship.Status.ON_PROGRAMME,
        )
        for n, user in enumerate(users)
    )
    CaseloadSummary.objects.bulk_create(
        CaseloadSummary(
            apprenticeship=apprenticeship,
            next_review_due=today + timedelta(days=n % 120 - 30),
            otj_required_hours=187,
            otj_actual_hours=n % 150,
            otj_on_track_until=today + timedelta(days=n % 90 - 45),
            plan_agreed=n % 4 != 0,
        )
        for n, apprenticeship in enumerate(apprenticeships)
    )


if __name__ == "__main__":
    main()
