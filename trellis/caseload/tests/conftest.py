import pytest

from trellis.testing.caseload_factories import bulk_caseload


@pytest.fixture
def make_caseload(people):
    return lambda count, **kwargs: bulk_caseload(people, count, **kwargs)
