"""Tests for which part each person plays in an apprenticeship."""

import pytest

from trellis.apprenticeships.parties import Party, party_of


@pytest.mark.parametrize(
    ("name", "party"),
    [
        ("amara", Party.APPRENTICE),
        ("carl", Party.CONSULTANT),
        ("erin", Party.EMPLOYER),
        ("bea", None),
        ("cora", None),
        ("evan", None),
        ("dina", None),
        ("pat", None),
        ("ada", None),
        ("otto", None),
    ],
)
def test_only_the_apprentice_their_consultant_and_their_employer_are_parties(
    people, name: str, party: Party | None
) -> None:
    assert party_of(getattr(people, name), people.amara_apprenticeship) == party
