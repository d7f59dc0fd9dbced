import os
import subprocess
import sys
from pathlib import Path

import pytest

from trellis.env import ConfigurationError, env_bool, env_list

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3#9vQ!w7zP@2rLx$8mN^5bT&1yH*6cJ(4gF)0dS_pA+eR=uI-oK~lZ",
    "ALLOWED_HOSTS": "trellis.example",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    inherited = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_malformed_yes_no_setting_fails_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "perhaps")
    with pytest.raises(ConfigurationError, match="DEBUG='perhaps' is not a yes/no value"):
        env_bool("DEBUG", True)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example, b.example,")
    assert env_list("ALLOWED_HOSTS", []) == ["a.example", "b.example"]


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("sqlite:////tmp/trellis-test.sqlite3", "django.db.backends.sqlite3"),
        ("postgres://trellis@db.internal:5432/trellis", "django.db.backends.postgresql"),
    ],
)
def test_database_url_chooses_the_engine(url, engine):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        env={"DATABASE_URL": url},
    )
    assert result.stdout.strip().splitlines()[-1] == engine, result.stderr


def test_uploaded_files_are_kept_outside_the_static_root_and_have_no_url():
    from django.conf import settings
    from django.urls import Resolver404, resolve

    media, static = Path(settings.MEDIA_ROOT).resolve(), Path(settings.STATIC_ROOT).resolve()
    assert not media.is_relative_to(static) and not static.is_relative_to(media)
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"
    with pytest.raises(Resolver404):
        resolve("/media/evidence/2026/01/anything.pdf")


def test_the_evidence_size_limit_comes_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EVIDENCE_MAX_UPLOAD_MB)",
        env={"EVIDENCE_MAX_UPLOAD_MB": "12"},
    )
    assert result.stdout.strip().splitlines()[-1] == "12", result.stderr
    result = manage("check", env={"EVIDENCE_MAX_UPLOAD_MB": "lots"})
    assert result.returncode != 0 and "EVIDENCE_MAX_UPLOAD_MB" in result.stderr
