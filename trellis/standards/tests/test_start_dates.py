from datetime import date

import pytest

from trellis.standards.start_dates import (
    VersionWindow,
    uncovered_start_message,
    version_for_start,
)

# ST1379's approved versions as the official records date them.
ST1379 = [
    VersionWindow("1.0", (1, 0), date(2023, 3, 1), date(2023, 9, 11), approved=True),
    VersionWindow("1.1", (1, 1), date(2023, 9, 12), date(2024, 8, 1), approved=True),
    VersionWindow("1.2", (1, 2), date(2024, 8, 2), date(2025, 12, 8), approved=True),
    VersionWindow("1.3", (1, 3), date(2025, 12, 9), None, approved=True),
]
IN_DEVELOPMENT = VersionWindow("0.0", (0, 0), date(2023, 3, 1), None, approved=False)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2023, 3, 1), "1.0"),
        (date(2023, 9, 11), "1.0"),
        (date(2023, 9, 12), "1.1"),
        (date(2025, 12, 8), "1.2"),
        (date(2025, 12, 9), "1.3"),
        (date(2030, 1, 1), "1.3"),
    ],
)
def test_a_start_takes_the_version_approved_on_that_day(start, expected):
    assert version_for_start(ST1379, start).version == expected


def test_a_version_that_was_never_approved_is_never_chosen():
    assert version_for_start([IN_DEVELOPMENT, *ST1379], date(2023, 3, 1)).version == "1.0"
    assert version_for_start([IN_DEVELOPMENT], date(2024, 1, 1)) is None


def test_a_start_before_every_version_is_not_covered():
    assert version_for_start(ST1379, date(2023, 2, 28)) is None


def test_the_message_names_the_covered_starts():
    message = uncovered_start_message("ST1379", [IN_DEVELOPMENT, *ST1379], date(2023, 2, 28))
    assert message == (
        "No version of ST1379 is approved for apprentices starting on 28 Feb 2023. Starts are "
        "covered by v1.0 from 1 Mar 2023 to 11 Sep 2023; v1.1 from 12 Sep 2023 to 1 Aug 2024; "
        "v1.2 from 2 Aug 2024 to 8 Dec 2025; v1.3 from 9 Dec 2025."
    )


def test_a_version_without_dates_is_open_ended():
    undated = VersionWindow("1.0", (1, 0), None, None, approved=True)
    assert version_for_start([undated], date(1999, 1, 1)) == undated
