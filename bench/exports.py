"""Time the biggest list downloads (the caseload and the apprenticeships list, as CSV and
XLSX) at 1,000 and 10,000 apprenticeships, on a throw-away SQLite database.

Run: make bench   (or .venv/bin/python bench/exports.py --sizes 1000 10000 --requests 3)
"""

import argparse
import csv
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.caseload import _grow_to, _provider_with_staff  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 10000], help="apprenticeships to time at"
    )
    parser.add_argument("--requests", type=int, default=3, help="timed requests per download")
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

    command = " ".join([".venv/bin/python", "bench/exports.py", *sys.argv[1:]])
    print(f"$ {command}")
    print(f"SQLite, one process, Django's test client, {args.requests} requests per download")
    print(
        f"{'apprenticeships':>15}  {'download':40} {'rows':>6} {'queries':>7} {'kB':>7} "
        f"{'median ms':>10}"
    )
    for size in sorted(args.sizes):
        _grow_to(size, provider)
        downloads = [
            (admin, "caseload, provider admin, CSV", "/caseload/download.csv"),
            (admin, "caseload, provider admin, XLSX", "/caseload/download.xlsx"),
            (consultant, "caseload, consultant, XLSX", "/caseload/download.xlsx"),
            (admin, "apprenticeships list, CSV", "/apprenticeships/download.csv"),
            (admin, "apprenticeships list, XLSX", "/apprenticeships/download.xlsx"),
        ]
        total = provider.provided_apprenticeships.count()
        for user, name, url in downloads:
            client = Client()
            client.force_login(user)
            rows, queries, size_kb, median = _time_download(client, url, args.requests)
            print(
                f"{total:>15,}  {name:40} {rows:>6,} {queries:>7} {size_kb:>7,.0f} {median:>10.1f}"
            )


def _time_download(client, url: str, requests: int) -> tuple[int, int, float, float]:
    """Return the rows downloaded, the queries made, the file's size and the median time."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from openpyxl import load_workbook

    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if url.endswith(".csv"):
        rows = len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) - 1
    else:
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        rows = sum(1 for _ in sheet.iter_rows()) - 1
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return rows, len(queries), len(response.content) / 1024, statistics.median(timings)


if __name__ == "__main__":
    main()
