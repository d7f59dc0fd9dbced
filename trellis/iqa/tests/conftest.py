import pytest

from trellis.testing.portfolio_factories import evidence_in_state


@pytest.fixture
def decisions(people):
    """Return three decisions by Carl (on Amara's items) and two by Cora (on Bea's)."""
    made = [
        evidence_in_state(
            people.amara_apprenticeship, status="assessed", judgements={"K1": "secure"}
        ),
        evidence_in_state(
            people.amara_apprenticeship, status="assessed", judgements={"K2": "working_towards"}
        ),
        evidence_in_state(people.amara_apprenticeship, status="returned", codes=["K1"]),
        evidence_in_state(
            people.bea_apprenticeship, status="assessed", judgements={"K1": "secure"}
        ),
        evidence_in_state(
            people.bea_apprenticeship, status="assessed", judgements={"S3": "secure"}
        ),
    ]
    return [item.current_decision for item in made]
