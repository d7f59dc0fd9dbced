from datetime import date

from trellis.portfolio.rules import AcceptedJudgement, KsbStanding, coverage

K1, S1, B1 = 1, 2, 3


def judged(ksb_id, item_id, judgement, day=1):
    return AcceptedJudgement(
        ksb_id=ksb_id, item_id=item_id, judgement=judgement, occurred_on=date(2026, 3, day)
    )


def test_secure_from_any_item_beats_working_towards_in_either_order():
    secure_first = coverage([judged(K1, 10, "secure"), judged(K1, 11, "working_towards")])
    secure_last = coverage([judged(K1, 10, "working_towards"), judged(K1, 11, "secure")])
    assert secure_first[K1].state == "secure"
    assert secure_last[K1].state == "secure"


def test_working_towards_only_stays_working_towards():
    result = coverage([judged(K1, 10, "working_towards"), judged(K1, 11, "working_towards")])
    assert result[K1].state == "working_towards"


def test_accepted_items_counts_distinct_items():
    result = coverage(
        [
            judged(K1, 10, "working_towards"),
            judged(K1, 10, "secure"),
            judged(K1, 11, "working_towards"),
            judged(S1, 10, "secure"),
        ]
    )
    assert result[K1].accepted_items == 2
    assert result[S1].accepted_items == 1


def test_latest_date_is_the_latest_whatever_the_order():
    result = coverage(
        [
            judged(K1, 10, "secure", day=9),
            judged(K1, 11, "secure", day=20),
            judged(K1, 12, "secure", day=3),
        ]
    )
    assert result[K1].latest_on == date(2026, 3, 20)


def test_a_ksb_without_accepted_evidence_is_absent():
    result = coverage([judged(K1, 10, "secure")])
    assert set(result) == {K1}
    assert B1 not in result
    assert coverage([]) == {}


def test_each_ksb_stands_on_its_own():
    result = coverage([judged(K1, 10, "secure", day=5), judged(S1, 10, "working_towards", day=5)])
    assert result == {
        K1: KsbStanding(state="secure", accepted_items=1, latest_on=date(2026, 3, 5)),
        S1: KsbStanding(state="working_towards", accepted_items=1, latest_on=date(2026, 3, 5)),
    }
