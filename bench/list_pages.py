"""Time the pages that list apprenticeships, on a throw-away SQLite database.

Run: make bench   (or .venv/bin/python bench/list_pages.py --rows 1000 --requests 50)
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000, help="apprenticeships to create")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="trellis-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["TRELLIS_VAR_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trellis.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import (
        CaptureQueriesContext,
        override_settings,
        setup_test_environment,
    )

    from trellis.organisations.models import Organisation, User
    from trellis.standards.models import StandardVersion
    from trellis.testing.factories import ApprenticeshipFactory

    setup_test_environment()
    # The figures are about pages, not about hashing the made-up people's passwords.
    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()
    call_command("migrate", verbosity=0)
    call_command("load_standards", verbosity=0)
    call_command("seed_demo", quiet=True)
    admin = User.objects.get(email__startswith="provideradmin1@")
    provider = Organisation.objects.get(kind="provider")
    version = StandardVersion.objects.get(standard__reference="ST0148", version="1.0")
    existing = provider.provided_apprenticeships.count()
    for _ in range(max(0, args.rows - existing)):
        ApprenticeshipFactory(provider=provider, standard_version=version)

    client = Client()
    client.force_login(admin)
    pages = {
        "home (provider admin)": "/",
        "apprenticeships list, page 1": "/apprenticeships/",
        "apprenticeships list, page 20": "/apprenticeships/?page=20",
    }
    print(
        f"{provider.provided_apprenticeships.count()} apprenticeships, "
        f"{args.requests} requests per page, SQLite, one process"
    )
    print(f"{'page':32} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
    for name, url in pages.items():
        client.get(url)
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{name:32} {len(queries):>7} {statistics.median(timings):>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
