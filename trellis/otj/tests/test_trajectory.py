from datetime import date
from decimal import Decimal

from trellis.apprenticeships.breaks import BreakPeriod
from trellis.otj.trajectory import cumulative_hours, trajectory, trajectory_chart

# 546 days from the start to the planned end; 278 hours required.
START, END, TODAY = date(2026, 1, 5), date(2027, 7, 5), date(2026, 6, 15)
REQUIRED = Decimal(278)
CONFIRMED = {date(2026, 2, 2): 600, date(2026, 3, 10): 300}
AWAITING = {date(2026, 6, 10): 180}


def make(*, today=TODAY, breaks=(), stopped_on=None, confirmed=None, awaiting=None):
    return trajectory(
        required=REQUIRED,
        start=START,
        planned_end=END,
        today=today,
        breaks=breaks,
        stopped_on=stopped_on,
        confirmed_minutes=CONFIRMED if confirmed is None else confirmed,
        awaiting_minutes=AWAITING if awaiting is None else awaiting,
    )


def figures(result):
    return [(row.day, row.confirmed, row.logged, row.expected) for row in result.rows]


def test_hours_count_on_the_day_they_were_spent_up_to_and_including_each_day():
    minutes = {date(2026, 2, 2): 90, date(2026, 2, 28): 45, date(2026, 3, 1): 60}
    days = [date(2026, 2, 1), date(2026, 2, 2), date(2026, 2, 28), date(2026, 3, 31)]
    assert cumulative_hours(minutes, days) == [
        Decimal("0.00"),
        Decimal("1.50"),
        Decimal("2.25"),
        Decimal("3.25"),
    ]


def test_each_month_end_today_and_the_planned_end_have_their_figures():
    # Expected: 278 hours times the days since the start over 546, such as 26 days by 31 Jan.
    assert figures(make()) == [
        (START, 0, 0, 0),
        (date(2026, 1, 31), 0, 0, Decimal("13.24")),
        (date(2026, 2, 28), 10, 10, Decimal("27.49")),
        (date(2026, 3, 31), 15, 15, Decimal("43.28")),
        (date(2026, 4, 30), 15, 15, Decimal("58.55")),
        (date(2026, 5, 31), 15, 15, Decimal("74.34")),
        (TODAY, 15, 18, Decimal("81.97")),
        (END, None, None, Decimal("278.00")),
    ]


def test_rows_say_which_is_the_start_today_and_the_planned_end():
    notes = {row.day: row.notes for row in make().rows}
    assert notes[START] == ("start",)
    assert notes[TODAY] == ("today",)
    assert notes[END] == ("planned end",)
    assert notes[date(2026, 3, 31)] == ()


def test_a_break_holds_the_expected_hours_still():
    result = make(breaks=[BreakPeriod(date(2026, 3, 1), date(2026, 5, 1))])
    expected = {row.day: row.expected for row in result.rows}
    # 55 learning days by 1 Mar, and still 55 by the end of March and of April.
    assert expected[date(2026, 2, 28)] == Decimal("27.49")
    assert expected[date(2026, 3, 31)] == expected[date(2026, 4, 30)] == Decimal("28.00")
    assert expected[date(2026, 5, 31)] == Decimal("43.28")
    assert expected[TODAY] == Decimal("50.92")
    # The line turns at the break's first day and at the return, and is flat between.
    assert result.expected_line == [
        (START, Decimal("0.00")),
        (date(2026, 3, 1), Decimal("28.00")),
        (date(2026, 5, 1), Decimal("28.00")),
        (END, Decimal("246.94")),
    ]
    notes = {row.day: row.notes for row in result.rows}
    assert notes[date(2026, 3, 31)] == ("break in learning",)
    assert notes[date(2026, 5, 31)] == ()


def test_during_a_break_not_yet_over_nothing_is_expected_after_today():
    result = make(breaks=[BreakPeriod(date(2026, 3, 1))])
    # When learning resumes is not known, so the line and the rows stop at today.
    assert result.expected_line == [
        (START, Decimal("0.00")),
        (date(2026, 3, 1), Decimal("28.00")),
        (TODAY, Decimal("28.00")),
    ]
    assert result.rows[-1].day == TODAY
    assert result.rows[-1].notes == ("today", "break in learning")
    assert trajectory_chart(result).summary == (
        "Off-the-job hours since 5 Jan 2026: 15 of 278 required hours confirmed; 28 expected by "
        "today, held there by the break in learning since 1 Mar 2026; 3 more awaiting "
        "confirmation. The planned end is 5 Jul 2027."
    )


def test_without_breaks_the_expected_line_is_one_straight_line():
    assert make().expected_line == [(START, Decimal("0.00")), (END, Decimal("278.00"))]


def test_past_the_planned_end_the_chart_runs_to_today():
    today = date(2027, 8, 20)
    result = make(today=today)
    assert result.rows[-1].day == today
    assert result.last_day == today
    end = next(row for row in result.rows if row.day == END)
    assert (end.confirmed, end.expected) == (15, Decimal("278.00"))
    assert result.expected_line[-1] == (today, Decimal("278.00"))


def test_there_is_nothing_to_chart_before_the_start():
    assert make(today=date(2026, 1, 4)) is None


def test_the_chart_says_what_it_shows_and_draws_each_series():
    chart = trajectory_chart(make())
    assert chart.summary == (
        "Off-the-job hours since 5 Jan 2026: 15 of 278 required hours confirmed; 81.97 "
        "expected by today; 3 more awaiting confirmation. The planned end is 5 Jul 2027."
    )
    assert [(e.label, e.style) for e in chart.legend] == [
        ("Confirmed", "solid"),
        ("Confirmed and awaiting confirmation", "dotted"),
        ("Expected at an even pace", "dashed"),
    ]
    wide = chart.drawings[0]
    # Confirmed and awaiting stop at today; the expected line goes on to the planned end.
    assert len(wide.series[0].points) == len(wide.series[1].points) == 7
    assert wide.series[2].points[-1].x == wide.frame.plot_right
    assert [m.label for m in wide.moments] == ["Today", "Planned end"]
    assert wide.levels[0].label == "Required: 278 hours"


def test_with_nothing_awaiting_the_chart_leaves_that_series_out():
    chart = trajectory_chart(make(awaiting={}))
    assert [e.label for e in chart.legend] == ["Confirmed", "Expected at an even pace"]
    assert chart.summary.endswith("81.97 expected by today. The planned end is 5 Jul 2027.")


def test_breaks_are_shaded_and_named_in_the_legend():
    chart = trajectory_chart(make(breaks=[BreakPeriod(date(2026, 3, 1))]))
    assert chart.legend[-1].label == "Break in learning"
    wide = chart.drawings[0]
    # A break not yet over is shaded from its first day up to today.
    (span,) = wide.spans
    (today,) = [m for m in wide.moments if m.label == "Today"]
    assert round(span.x + span.width, 1) == today.x


def test_once_logging_stopped_the_figures_and_the_expectation_end_that_day():
    stopped_on = date(2026, 4, 20)
    late = {**AWAITING, date(2026, 5, 4): 60}
    result = make(stopped_on=stopped_on, awaiting=late)
    # 105 days from the start to 20 Apr: 278 x 105 / 546 expected by then, and the hours
    # awaiting confirmation after that day are not counted.
    assert figures(result) == [
        (START, 0, 0, 0),
        (date(2026, 1, 31), 0, 0, Decimal("13.24")),
        (date(2026, 2, 28), 10, 10, Decimal("27.49")),
        (date(2026, 3, 31), 15, 15, Decimal("43.28")),
        (stopped_on, 15, 15, Decimal("53.46")),
    ]
    assert result.rows[-1].notes == ("logging stopped",)
    assert result.expected_line == [(START, Decimal("0.00")), (stopped_on, Decimal("53.46"))]
    chart = trajectory_chart(result)
    assert chart.summary == (
        "Off-the-job hours from 5 Jan 2026 until logging stopped on 20 Apr 2026: 15 of 278 "
        "required hours confirmed; 53.46 expected by then. The planned end is 5 Jul 2027."
    )
    wide = chart.drawings[0]
    assert [m.label for m in wide.moments] == ["Logging stopped"]
    assert wide.series[-1].points[-1].x == wide.frame.plot_right


def test_logging_stopped_after_the_planned_end_shows_the_planned_end_too():
    stopped_on = date(2027, 8, 20)
    result = make(today=date(2027, 9, 15), stopped_on=stopped_on)
    assert result.rows[-1].day == stopped_on
    assert result.last_day == stopped_on
    end = next(row for row in result.rows if row.day == END)
    assert end.notes == ("planned end",)
    assert [m.label for m in trajectory_chart(result).drawings[0].moments] == [
        "Planned end",
        "Logging stopped",
    ]


def test_a_break_open_when_logging_stopped_is_shaded_to_that_day_and_not_called_current():
    stopped_on = date(2026, 4, 20)
    result = make(breaks=[BreakPeriod(date(2026, 3, 1))], stopped_on=stopped_on)
    assert result.current_break is None
    assert "held there" not in trajectory_chart(result).summary
    wide = trajectory_chart(result).drawings[0]
    (span,) = wide.spans
    (stopped,) = wide.moments
    assert round(span.x + span.width, 1) == stopped.x
