import random
from datetime import UTC, datetime, timedelta

import pytest

from trellis.iqa import rules
from trellis.iqa.rules import Candidate, DecisionFact, DrawRequest, SampleFact

START = datetime(2026, 6, 1, 9, tzinfo=UTC)


def candidates(count: int, consultant_id: int = 1, codes=("K1",), first_id: int = 1):
    return [
        Candidate(
            decision_id=first_id + n,
            consultant_id=consultant_id,
            ksb_codes=codes,
            decided_at=START + timedelta(hours=n),
        )
        for n in range(count)
    ]


@pytest.mark.parametrize(
    ("eligible", "rate", "expected"),
    [(10, 20, 2), (11, 20, 3), (1, 1, 1), (3, 10, 1), (7, 100, 7), (200, 1, 2), (0, 50, 0)],
)
def test_a_rate_takes_the_ceiling_of_the_share_and_at_least_one(eligible, rate, expected):
    assert rules.sample_size(eligible=eligible, rate=rate) == expected


@pytest.mark.parametrize(("eligible", "number", "expected"), [(10, 3, 3), (2, 5, 2), (0, 4, 0)])
def test_a_number_takes_that_many_but_no_more_than_there_are(eligible, number, expected):
    assert rules.sample_size(eligible=eligible, number=number) == expected


@pytest.mark.parametrize("rate", [0, 101, -5])
def test_a_rate_outside_1_to_100_is_refused(rate):
    errors = rules.refuse_request(DrawRequest(basis="random", rate=rate))
    assert errors == {"rate": "The rate must be a whole percent from 1 to 100."}


@pytest.mark.parametrize("rate", [1, 100])
def test_the_ends_of_the_rate_range_are_allowed(rate):
    assert rules.refuse_request(DrawRequest(basis="random", rate=rate)) == {}


@pytest.mark.parametrize(
    ("request_", "field", "words"),
    [
        (DrawRequest(basis="random"), "rate", "Give a rate in percent or a number"),
        (DrawRequest(basis="random", rate=5, number=2), "rate", "not both"),
        (DrawRequest(basis="random", number=0), "number", "1 or more"),
        (DrawRequest(basis="everyone", rate=5), "basis", "Choose how to sample"),
        (DrawRequest(basis="consultant", rate=5), "consultant", "Choose the consultant"),
        (DrawRequest(basis="ksb", rate=5, ksb_code=" "), "ksb_code", "Give the KSB code"),
    ],
)
def test_incomplete_requests_are_refused_saying_what_to_fix(request_, field, words):
    errors = rules.refuse_request(request_)
    assert words in errors[field]
    assert rules.draw(candidates(3), request_, random.Random(1)).decision_ids == ()


def test_a_random_draw_takes_the_rate_of_everyone_and_is_repeatable():
    pool = candidates(6, consultant_id=1) + candidates(4, consultant_id=2, first_id=50)
    request = DrawRequest(basis="random", rate=20)
    first = rules.draw(pool, request, random.Random(7))
    again = rules.draw(list(reversed(pool)), request, random.Random(7))
    assert len(first.decision_ids) == 2
    assert first.eligible == 10
    assert first.decision_ids == again.decision_ids
    assert set(first.decision_ids) <= {c.decision_id for c in pool}


def test_different_seeds_can_give_different_samples():
    pool = candidates(30)
    request = DrawRequest(basis="random", number=3)
    drawn = {rules.draw(pool, request, random.Random(seed)).decision_ids for seed in range(5)}
    assert len(drawn) > 1


def test_a_consultant_draw_takes_only_that_consultants_decisions():
    pool = candidates(5, consultant_id=1) + candidates(5, consultant_id=2, first_id=50)
    outcome = rules.draw(
        pool, DrawRequest(basis="consultant", consultant_id=2, rate=100), random.Random(1)
    )
    assert outcome.decision_ids == (50, 51, 52, 53, 54)


def test_a_ksb_draw_takes_only_decisions_that_judged_the_code_whatever_its_case():
    pool = candidates(3, codes=("K1", "S1")) + candidates(3, codes=("K2",), first_id=50)
    outcome = rules.draw(pool, DrawRequest(basis="ksb", ksb_code="s1", number=10), random.Random(1))
    assert outcome.decision_ids == (1, 2, 3)


def test_decisions_already_sampled_are_never_drawn_again():
    pool = [
        Candidate(1, 1, ("K1",), START, sampled=True),
        Candidate(2, 1, ("K1",), START, sampled=False),
    ]
    outcome = rules.draw(pool, DrawRequest(basis="random", rate=100), random.Random(1))
    assert outcome.decision_ids == (2,)
    assert outcome.eligible == 1


def test_no_decisions_at_all_is_refused_saying_so_and_why():
    request = DrawRequest(
        basis="consultant", consultant_id=3, rate=10, described_as="by Carl Example in June"
    )
    outcome = rules.draw(candidates(4), request, random.Random(1))
    assert outcome.errors == {
        "basis": "There are no decisions by this consultant by Carl Example in June, so there "
        "is nothing to sample."
    }


def test_everything_already_sampled_is_refused_saying_so():
    pool = [Candidate(n, 1, ("K1",), START, sampled=True) for n in range(1, 4)]
    outcome = rules.draw(pool, DrawRequest(basis="ksb", ksb_code="K1", rate=50), random.Random(1))
    assert outcome.errors["basis"].startswith(
        "All 3 decisions that judged K1 have been sampled already"
    )
    assert outcome.decision_ids == ()


def test_the_report_counts_each_consultants_decisions_and_what_sampling_found():
    decisions = [DecisionFact(n, 1) for n in range(1, 11)] + [DecisionFact(20, 2)]
    samples = [
        SampleFact(1, "agreed"),
        SampleFact(2, "referred", responded=False),
        SampleFact(3, "referred", responded=True),
        SampleFact(4, "pending"),
        SampleFact(99, "agreed"),  # its decision is outside the period
    ]
    rows, total = rules.coverage_report(decisions, samples)
    carl, cora = rows
    assert (carl.consultant_id, carl.decisions, carl.sampled) == (1, 10, 4)
    assert (carl.agreed, carl.referred, carl.awaiting_review, carl.awaiting_consultant) == (
        1,
        2,
        1,
        1,
    )
    assert carl.percent_sampled == 40
    assert (cora.decisions, cora.sampled, cora.percent_sampled) == (1, 0, 0)
    assert total.consultant_id is None
    assert (total.decisions, total.sampled, total.agreed, total.referred) == (11, 4, 1, 2)
    assert total.percent_sampled == 36  # 4 of 11 is 36.4%


def test_percent_sampled_rounds_half_up_and_is_none_without_decisions():
    assert rules.CoverageRow(consultant_id=1, decisions=8, sampled=1).percent_sampled == 13
    assert rules.CoverageRow(consultant_id=1, decisions=3, sampled=2).percent_sampled == 67
    assert rules.CoverageRow(consultant_id=1).percent_sampled is None


def test_an_empty_period_gives_an_empty_report():
    rows, total = rules.coverage_report([], [])
    assert rows == []
    assert total.decisions == 0
