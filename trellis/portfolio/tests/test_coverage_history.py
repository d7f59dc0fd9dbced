from datetime import date, datetime
from zoneinfo import ZoneInfo

from trellis.portfolio.coverage_history import (
    DecisionMade,
    ItemLeft,
    coverage_chart,
    coverage_history,
    standings,
)
from trellis.portfolio.rules import KsbStanding

LONDON = ZoneInfo("Europe/London")
START, TODAY = date(2026, 1, 5), date(2026, 4, 15)
K1, K2, K3, K4, K5 = 1, 2, 3, 4, 5
KSBS = [K1, K2, K3, K4, K5]


def at(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


def assessed(item_id, when, *judgements, occurred_on=date(2026, 1, 10)):
    return DecisionMade(item_id, when, True, tuple(judgements), occurred_on)


def returned(item_id, when):
    return DecisionMade(item_id, when, False, (), date(2026, 1, 10))


def history(decisions, departures=(), *, today=TODAY, ksb_ids=KSBS):
    points = coverage_history(
        start=START, today=today, ksb_ids=ksb_ids, decisions=decisions, departures=departures
    )
    return [(p.day, p.secure, p.working_towards, p.none) for p in points]


FIRST = assessed(10, at(1, 20), (K1, "secure"), (K2, "working_towards"))
SECOND = assessed(11, at(2, 10), (K2, "secure"), (K3, "working_towards"))
CORRECTION = assessed(11, at(3, 5), (K2, "working_towards"), (K3, "working_towards"))


def test_each_month_end_counts_the_decisions_standing_then():
    assert history([FIRST, SECOND, returned(12, at(2, 1))]) == [
        (START, 0, 0, 5),
        (date(2026, 1, 31), 1, 1, 3),
        (date(2026, 2, 28), 2, 1, 2),
        (date(2026, 3, 31), 2, 1, 2),
        (TODAY, 2, 1, 2),
    ]


def test_a_correction_changes_the_history_from_its_own_date_only():
    without = history([FIRST, SECOND])
    corrected = history([FIRST, SECOND, CORRECTION])
    assert corrected[:3] == without[:3]
    # From 5 Mar, K2 is only working towards on both items.
    assert corrected[3] == (date(2026, 3, 31), 1, 2, 2)


def test_a_correction_to_returned_takes_the_item_out_from_its_date():
    assert history([FIRST, SECOND, returned(11, at(3, 5))])[3:] == [
        (date(2026, 3, 31), 1, 1, 3),
        (TODAY, 1, 1, 3),
    ]


def test_a_reopened_item_drops_out_until_it_is_assessed_again():
    again = assessed(10, at(4, 10), (K1, "secure"), (K2, "secure"))
    points = history([FIRST, SECOND, CORRECTION, again], [ItemLeft(10, at(3, 20))])
    assert points == [
        (START, 0, 0, 5),
        (date(2026, 1, 31), 1, 1, 3),
        (date(2026, 2, 28), 2, 1, 2),
        # Item 10 reopened: K1 has nothing; K2 and K3 stand on item 11's correction.
        (date(2026, 3, 31), 0, 2, 3),
        # Assessed again on 10 Apr, K1 and K2 secure.
        (TODAY, 2, 1, 2),
    ]


def test_a_day_counts_what_was_decided_by_its_last_minute():
    late = assessed(10, at(1, 31, 23, 59), (K1, "secure"))
    next_morning = assessed(11, at(2, 1, 0, 1), (K2, "secure"))
    assert history([late, next_morning])[1] == (date(2026, 1, 31), 1, 0, 4)


def test_in_the_same_instant_a_decision_comes_before_the_item_leaving():
    moment = at(2, 10)
    assert history([assessed(10, moment, (K1, "secure"))], [ItemLeft(10, moment)])[2] == (
        date(2026, 2, 28),
        0,
        0,
        5,
    )


def test_only_the_standard_versions_ksbs_are_counted():
    other_version = assessed(10, at(1, 20), (K1, "secure"), (99, "secure"))
    assert history([other_version])[-1] == (TODAY, 1, 0, 4)


def test_the_standing_on_a_day_is_the_coverage_rule_over_the_decisions_standing():
    later = assessed(12, at(2, 2), (K1, "working_towards"), occurred_on=date(2026, 1, 30))
    days = [date(2026, 1, 31), date(2026, 2, 28)]
    january, february = standings(days, [FIRST, SECOND, later], [])
    assert january == {
        K1: KsbStanding("secure", 1, date(2026, 1, 10)),
        K2: KsbStanding("working_towards", 1, date(2026, 1, 10)),
    }
    assert february[K1] == KsbStanding("secure", 2, date(2026, 1, 30))
    assert february[K2] == KsbStanding("secure", 2, date(2026, 1, 10))


def test_the_chart_says_where_coverage_stands_against_every_ksb():
    points = coverage_history(
        start=START, today=TODAY, ksb_ids=KSBS, decisions=[FIRST, SECOND], departures=[]
    )
    chart = coverage_chart(points, total=5, planned_end=date(2027, 7, 5))
    assert chart.summary == (
        "KSB coverage since 5 Jan 2026: by today 2 of 5 KSBs secure and 1 working towards."
    )
    assert [(e.label, e.style, e.marker) for e in chart.legend] == [
        ("Secure", "solid", "circle"),
        ("Secure or working towards", "dashed", "square"),
    ]
    wide = chart.drawings[0]
    assert wide.levels[0].label == "All 5 KSBs"
    # 2 secure, then 3 with evidence, of a scale up to 5 (ticks 0 to 5).
    assert [t.label for t in wide.y_ticks] == ["0", "1", "2", "3", "4", "5"]
    assert wide.series[0].points[-1].y == wide.y_ticks[2].position
    assert wide.series[1].points[-1].y == wide.y_ticks[3].position
