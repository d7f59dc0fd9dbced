from datetime import date

import pytest

from trellis.reports import charts
from trellis.reports.charts import WIDE, Level, Moment, Series, Span

# The wide frame's plot runs from x 48 to 696 (648 across) and from y 306 up to 48 (258 high).
FIRST, LAST = date(2026, 1, 1), date(2027, 1, 1)  # 365 days apart


def draw(**kwargs):
    return charts.draw(WIDE, first=FIRST, last=LAST, y_title="Hours", **kwargs)


def test_a_month_ends_on_its_last_day_leap_years_included():
    assert charts.month_end(date(2026, 1, 5)) == date(2026, 1, 31)
    assert charts.month_end(date(2028, 2, 1)) == date(2028, 2, 29)
    assert charts.month_end(date(2026, 2, 28)) == date(2026, 2, 28)
    assert charts.month_end(date(2026, 12, 31)) == date(2026, 12, 31)


def test_month_ends_run_from_the_first_month_up_to_the_day_before():
    assert charts.month_ends(date(2026, 1, 5), date(2026, 4, 10)) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    assert charts.month_ends(date(2026, 1, 5), date(2026, 3, 31)) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
    ]


def test_the_days_sampled_are_the_start_each_month_end_and_today():
    assert charts.sample_days(date(2026, 1, 5), date(2026, 4, 15)) == [
        date(2026, 1, 5),
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 15),
    ]
    # Today on a month end, and a start on one, are each read once.
    assert charts.sample_days(date(2026, 1, 31), date(2026, 3, 31)) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    assert charts.sample_days(date(2026, 1, 5), date(2026, 1, 5)) == [date(2026, 1, 5)]
    assert charts.sample_days(date(2026, 1, 5), date(2026, 1, 4)) == []


@pytest.mark.parametrize(
    ("largest", "most", "ticks"),
    [
        (278, 6, [0, 50, 100, 150, 200, 250, 300]),
        (278, 4, [0, 100, 200, 300]),
        (27, 6, [0, 5, 10, 15, 20, 25, 30]),
        (27, 4, [0, 10, 20, 30]),
        (30, 6, [0, 5, 10, 15, 20, 25, 30]),
        (4, 5, [0, 1, 2, 3, 4]),
        (0, 5, [0, 1]),
        (1870.5, 5, [0, 500, 1000, 1500, 2000]),
    ],
)
def test_value_ticks_are_round_numbers_reaching_the_largest(largest, most, ticks):
    assert charts.nice_ticks(largest, most) == ticks


def test_month_ticks_fall_on_the_same_months_each_year_and_are_few_enough():
    first, last = date(2026, 1, 5), date(2027, 7, 5)
    # 18 month starts: every third month fits eight labels, every fourth fits four.
    assert charts.month_ticks(first, last, 8) == [
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 10, 1),
        date(2027, 1, 1),
        date(2027, 4, 1),
        date(2027, 7, 1),
    ]
    assert charts.month_ticks(first, last, 4) == [
        date(2026, 5, 1),
        date(2026, 9, 1),
        date(2027, 1, 1),
        date(2027, 5, 1),
    ]
    assert charts.month_ticks(date(2026, 3, 1), date(2026, 5, 1), 8) == [
        date(2026, 3, 1),
        date(2026, 4, 1),
        date(2026, 5, 1),
    ]


def test_days_and_values_scale_to_the_plot():
    drawing = draw(
        series=[Series("Confirmed", "solid", [(FIRST, 0), (date(2026, 4, 1), 150), (LAST, 300)])]
    )
    # 1 Apr is day 90 of 365: 48 + 90/365 * 648 = 207.8; 150 of 300 is half way up the 258.
    assert drawing.series[0].path == "M48.0,306.0 L207.8,177.0 L696.0,48.0"
    assert [(t.position, t.label) for t in drawing.y_ticks] == [
        (306.0, "0"),
        (263.0, "50"),
        (220.0, "100"),
        (177.0, "150"),
        (134.0, "200"),
        (91.0, "250"),
        (48.0, "300"),
    ]


def test_month_labels_stay_inside_the_chart():
    drawing = draw(series=[Series("Confirmed", "solid", [(FIRST, 0)])])
    assert [t.label for t in drawing.x_ticks] == [
        "Jan 2026",
        "Mar 2026",
        "May 2026",
        "Jul 2026",
        "Sep 2026",
        "Nov 2026",
        "Jan 2027",
    ]
    first, last = drawing.x_ticks[0], drawing.x_ticks[-1]
    assert (first.position, first.label_position) == (48.0, 48.0)
    # "Jan 2027" is about 62 units wide, so its middle moves in from 696 to 720 - 33.2.
    assert (last.position, last.label_position) == (696.0, 686.8)


def test_a_level_is_labelled_just_below_its_line_or_above_it_at_the_bottom():
    drawing = draw(
        series=[Series("Confirmed", "solid", [(FIRST, 0)])],
        levels=[Level(278, "Required: 278 hours"), Level(0, "Nothing")],
    )
    required, nothing = drawing.levels
    # 278 of 300: 306 - 278/300 * 258 = 66.9.
    assert (required.y, required.label_x, required.label_y) == (66.9, 54, 82.9)
    assert (nothing.y, nothing.label_y) == (306.0, 301.0)


def test_moment_labels_that_would_overlap_go_on_a_second_row():
    series = [Series("Confirmed", "solid", [(FIRST, 0)])]
    close = draw(
        series=series,
        moments=[Moment(date(2026, 10, 1), "Today"), Moment(date(2026, 10, 15), "Planned end")],
    )
    today, end = close.moments
    assert (today.x, today.label_y) == (532.7, 40)
    assert (end.x, end.label_y) == (557.5, 23)

    apart = draw(
        series=series,
        moments=[Moment(date(2026, 10, 1), "Today"), Moment(LAST, "Planned end")],
    )
    assert [m.label_y for m in apart.moments] == [40, 40]
    # The planned end's label keeps inside the chart's right edge.
    assert apart.moments[1].label_x == 675.1

    # Beside the axis title at the top left, a label moves up a row too.
    at_start = draw(series=series, moments=[Moment(FIRST, "Today")])
    assert at_start.moments[0].label_y == 23


def test_markers_are_left_off_where_the_points_are_too_close_to_tell_apart():
    few = draw(series=[Series("A", "solid", [(FIRST, 0), (LAST, 10)], marker="circle")])
    assert few.series[0].marker == "circle"
    days = [date(2026, 1, 1 + n) for n in range(30)] + [date(2026, 2, 1 + n) for n in range(28)]
    crowded = draw(series=[Series("A", "solid", [(day, 1) for day in days] + [(LAST, 2)])])
    assert crowded.series[0].marker == ""


def test_shaded_spans_are_cut_to_the_chart():
    drawing = draw(
        series=[Series("A", "solid", [(FIRST, 0)])],
        spans=[
            Span(date(2026, 3, 1), date(2026, 5, 1)),
            Span(date(2026, 12, 1), date(2027, 3, 1)),
            Span(date(2025, 1, 1), date(2025, 6, 1)),
        ],
    )
    # Days 59 and 120 of 365, and day 334 to the end.
    assert [(s.x, s.width) for s in drawing.spans] == [(152.7, 108.3), (641.0, 55.0)]


def test_a_chart_is_drawn_for_a_wide_screen_and_a_phone_with_its_legend():
    chart = charts.line_chart(
        summary="Hours so far",
        first=FIRST,
        last=LAST,
        series=[
            Series("Confirmed", "solid", [(FIRST, 0)], marker="circle"),
            Series("Expected", "dashed", [(FIRST, 0), (LAST, 100)]),
        ],
        spans=[Span(date(2026, 3, 1), date(2026, 5, 1))],
        span_label="Break in learning",
        y_title="Hours",
    )
    assert [d.frame.name for d in chart.drawings] == ["wide", "narrow"]
    assert [(e.label, e.style, e.marker) for e in chart.legend] == [
        ("Confirmed", "solid", "circle"),
        ("Expected", "dashed", ""),
        ("Break in learning", "span", ""),
    ]
    # The phone's frame has room for fewer labels.
    assert len(chart.drawings[1].x_ticks) < len(chart.drawings[0].x_ticks)
    assert chart.drawings[1].series[1].path.endswith("L346.0,48.0")


def test_an_unknown_style_is_refused():
    with pytest.raises(ValueError, match="'Confirmed'"):
        charts.line_chart(
            summary="",
            first=FIRST,
            last=LAST,
            series=[Series("Confirmed", "wavy", [(FIRST, 0)])],
            y_title="Hours",
        )
