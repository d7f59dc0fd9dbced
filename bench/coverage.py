"""Time KSB coverage: one apprentice's coverage page and its refresh with 1,000 assessed items,
and the caseload's coverage matrix at 10,000 apprentices, on a throw-away SQLite database.

Run: make bench   (or .venv/bin/python bench/coverage.py --items 1000 --size 10000 --requests 20)
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
    parser.add_argument("--items", type=int, default=1000, help="assessed items of one apprentice")
    parser.add_argument("--size", type=int, default=10000, help="apprenticeships of the provider")
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

    from bench.caseload import _grow_to, _provider_with_staff
    from trellis.apprenticeships.models import Apprenticeship
    from trellis.portfolio.coverage import ksb_coverage_refresh

    setup_test_environment()
    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()
    call_command("migrate", verbosity=0)
    provider, admin, consultant = _provider_with_staff()
    _grow_to(args.size, provider)
    _fill_coverage(provider)
    apprenticeship = (
        Apprenticeship.objects.filter(consultant=consultant)
        .select_related("apprentice")
        .order_by("apprentice__full_name", "pk")
        .first()
    )
    _assessed_items(apprenticeship, consultant, args.items)
    ksb_coverage_refresh(apprenticeship=apprenticeship)

    command = " ".join([".venv/bin/python", "bench/coverage.py", *sys.argv[1:]])
    print(f"$ {command}")
    print(f"SQLite, one process, Django's test client, {args.requests} requests per page")
    print(f"{'what':58} {'queries':>7} {'median ms':>10}")
    queries, median = _time_call(
        lambda: ksb_coverage_refresh(apprenticeship=apprenticeship), args.requests
    )
    print(
        f"{f'ksb_coverage_refresh, {args.items:,} assessed items':58} {queries:>7} {median:>10.1f}"
    )
    coverage_url = f"/apprenticeships/{apprenticeship.pk}/portfolio/coverage/"
    total = provider.provided_apprenticeships.count()
    consultant_total = Apprenticeship.objects.filter(
        consultant=consultant, status__in=Apprenticeship.ACTIVE_STATUSES
    ).count()
    admin_total = Apprenticeship.objects.filter(status__in=Apprenticeship.ACTIVE_STATUSES).count()
    late_consultant = max(1, -(-consultant_total // 50))
    late_admin = max(1, -(-admin_total // 50))
    pages = [
        (consultant, f"coverage page, {args.items:,} assessed items", coverage_url),
        (consultant, f"matrix, consultant ({consultant_total:,}), page 1", "/caseload/coverage/"),
        (
            consultant,
            f"matrix, consultant, page {late_consultant}",
            f"/caseload/coverage/?page={late_consultant}",
        ),
        (admin, f"matrix, provider admin ({admin_total:,}), page 1", "/caseload/coverage/"),
        (
            admin,
            f"matrix, provider admin, page {late_admin}",
            f"/caseload/coverage/?page={late_admin}",
        ),
        (
            admin,
            "matrix, provider admin, one consultant, page 2",
            f"/caseload/coverage/?consultant={consultant.pk}&page=2",
        ),
    ]
    for user, name, url in pages:
        client = Client()
        client.force_login(user)
        queries, median = _time_page(client, url, args.requests)
        print(f"{name:58} {queries:>7} {median:>10.1f}")
    print(f"({total:,} apprenticeships in all; 50 apprentices a matrix page)")


def _time_call(call, repeats: int) -> tuple[int, float]:
    """Return the queries one call makes and its median time in ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return len(queries), statistics.median(timings)


def _time_page(client, url: str, requests: int) -> tuple[int, float]:
    """Return the queries the page makes and its median time in ms."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return len(queries), statistics.median(timings)


def _fill_coverage(provider) -> None:
    """Give every apprenticeship stored coverage of a share of its KSBs, in bulk."""
    from trellis.portfolio.models import KsbCoverage
    from trellis.standards.models import KSB

    ksbs = list(KSB.objects.filter(standard_version__standard__reference="ST0148"))
    rows = []
    for n, pk in enumerate(provider.provided_apprenticeships.values_list("pk", flat=True)):
        for position, ksb in enumerate(ksbs[: n % (len(ksbs) + 1)]):
            state = "secure" if (n + position) % 3 else "working_towards"
            rows.append(
                KsbCoverage(apprenticeship_id=pk, ksb=ksb, state=state, accepted_items=1 + n % 4)
            )
    KsbCoverage.objects.bulk_create(rows, batch_size=5000)


def _assessed_items(apprenticeship, consultant, count: int) -> None:
    """Add `count` items, each mapped to three KSBs, submitted and assessed, in bulk."""
    from django.utils import timezone

    from trellis.portfolio.models import (
        Decision,
        EvidenceItem,
        EvidenceKsb,
        KsbJudgement,
        Submission,
    )
    from trellis.standards.models import KSB

    ksbs = list(KSB.objects.filter(standard_version_id=apprenticeship.standard_version_id))
    now = timezone.now()
    today = timezone.localdate()
    items = EvidenceItem.objects.bulk_create(
        EvidenceItem(
            apprenticeship=apprenticeship,
            kind="reflective_account",
            title=f"Reflective account {n}",
            occurred_on=today - timedelta(days=n % 400),
            body="What I did, what I learnt and what I would do next time.",
            status=EvidenceItem.Status.ASSESSED,
            created_by=apprenticeship.apprentice,
        )
        for n in range(count)
    )
    chosen = {
        item.pk: [ksbs[(n + k * 7) % len(ksbs)] for k in range(3)] for n, item in enumerate(items)
    }
    EvidenceKsb.objects.bulk_create(
        EvidenceKsb(item=item, ksb=ksb, justification="Shows it in practice.")
        for item in items
        for ksb in chosen[item.pk]
    )
    submissions = Submission.objects.bulk_create(
        Submission(item=item, number=1, submitted_by=apprenticeship.apprentice, submitted_at=now)
        for item in items
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            item=item,
            submission=submission,
            outcome=Decision.Outcome.ASSESSED,
            decided_by=consultant,
            decided_at=now,
        )
        for item, submission in zip(items, submissions, strict=True)
    )
    KsbJudgement.objects.bulk_create(
        KsbJudgement(
            decision=decision,
            ksb=ksb,
            judgement="secure" if (decision.pk + ksb.pk) % 3 else "working_towards",
        )
        for decision in decisions
        for ksb in chosen[decision.item_id]
    )
    for item, decision in zip(items, decisions, strict=True):
        item.current_decision = decision
    EvidenceItem.objects.bulk_update(items, ["current_decision"], batch_size=500)


if __name__ == "__main__":
    main()
