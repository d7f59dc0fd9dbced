import pytest
from django.conf import settings as django_settings

from trellis.standards.datafile import DATA_DIR
from trellis.standards.selectors import standard_version_get
from trellis.standards.services import standard_file_load
from trellis.testing.people import make_people


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test on a database file rather than in memory.

    An in-memory database would make the live server share the test's own connection, so a
    page still saving while the test reads or empties the tables would break its transaction.
    With a file, each request has its own connection, as in production.
    """
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test_file = tmp_path_factory.mktemp("database") / "trellis-test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(test_file)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def learning_mentor(db):
    """Return Learning mentor (ST0148) v1.0, loaded from its shipped data file."""
    result = standard_file_load(path=DATA_DIR / "ST0148-1.0.toml")
    return standard_version_get(reference=result.reference, version=result.version)


@pytest.fixture
def standard_version(learning_mentor):
    return learning_mentor


@pytest.fixture
def people(db, standard_version):
    return make_people(standard_version)
