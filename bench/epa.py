"""Time what an assessor waits for during a live observation, on a throw-away SQLite database:
opening a method's page, each save as they type (a score, a note), and the finalise check.

Run: make bench   (or .venv/bin/python bench/epa.py --requests 50)
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per action")
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
    override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        MEDIA_ROOT=f"{workdir}/media",
    ).enable()
    call_command("migrate", verbosity=0)
    assessment, assessor = _assessment_with_a_full_record()
    client = Client()
    client.force_login(assessor)
    method = f"/epa/{assessment.pk}/methods/LMO/"
    autosave = {"HTTP_X_AUTOSAVE": "1"}

    def score(n: int) -> dict:
        return {"kind": "score", "criterion": "T3", "points": str(n % 3), "justification": "x"}

    def note(n: int) -> dict:
        return {"kind": "note", "key": str(uuid.uuid4()), "session": "1", "text": f"Note {n}"}

    actions = [
        ("open the observation page", lambda n: client.get(method)),
        ("save a score as it is chosen", lambda n: client.post(method, score(n), **autosave)),
        ("save a note as it is typed", lambda n: client.post(method, note(n), **autosave)),
        ("open the finalise check", lambda n: client.get(f"/epa/{assessment.pk}/finalise/")),
    ]
    print(f"$ .venv/bin/python bench/epa.py {' '.join(sys.argv[1:])}".rstrip())
    print(f"SQLite, one process, Django's test client, {args.requests} requests per action")
    print(f"{'action':34} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
    for name, action in actions:
        queries, median, p95 = _time(action, args.requests)
        print(f"{name:34} {queries:>7} {median:>10.1f} {p95:>8.1f}")


def _time(action, requests: int) -> tuple[int, float, float]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    action(0)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = action(1)
    assert response.status_code == 200, response.status_code
    timings = []
    for n in range(requests):
        started = time.perf_counter()
        action(n)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return len(queries), statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def _assessment_with_a_full_record():
    """An ST0148 assessment with both observations, the discussion and every score recorded,
    and twenty notes, as one would be by the end of the day."""
    from trellis.epa import services
    from trellis.standards.datafile import DATA_DIR
    from trellis.standards.selectors import standard_version_get
    from trellis.standards.services import standard_file_load
    from trellis.testing.epa_factories import record_sittings, score_all, started
    from trellis.testing.gateway_factories import make_ready
    from trellis.testing.people import make_people

    loaded = standard_file_load(path=DATA_DIR / "ST0148-1.0.toml")
    people = make_people(standard_version_get(reference=loaded.reference, version=loaded.version))
    make_ready(people.amara_apprenticeship)
    assessment = started(people.amara_apprenticeship, assessor=people.ian)
    record_sittings(assessment)
    score_all(assessment)
    for n in range(20):
        services.note_save(
            assessment=assessment,
            by=people.ian,
            method="LMO",
            key=uuid.uuid4(),
            text=f"Observed at minute {n * 5}: the apprentice checks the learner's understanding.",
            criterion="T2",
            session_number=1 + n % 2,
        )
    return assessment, people.ian


if __name__ == "__main__":
    main()
