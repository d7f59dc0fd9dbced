from datetime import date, time
from decimal import Decimal

from trellis.apprenticeships.breaks import BreakPeriod
from trellis.otj import rules

START = date(2026, 1, 5)


def test_a_future_date_is_refused_with_today_named():
    message = rules.refuse_future_date(day=date(2026, 3, 2), today=date(2026, 3, 1))
    assert (
        message
        == "2 Mar 2026 is in the future: log hours once they are done (today is 1 Mar 2026)."
    )
    assert rules.refuse_future_date(day=date(2026, 3, 1), today=date(2026, 3, 1)) is None


def test_a_date_before_the_start_is_refused():
    message = rules.refuse_before_start(day=date(2026, 1, 4), start=START)
    assert "before the apprenticeship started on 5 Jan 2026" in message
    assert rules.refuse_before_start(day=START, start=START) is None


def test_time_on_or_after_the_gateway_date_is_refused():
    kwargs = {"gateway_date": date(2026, 6, 1), "at_gateway": False, "counts_after_gateway": False}
    assert "stops at gateway on 1 Jun 2026" in rules.refuse_after_gateway(
        day=date(2026, 6, 1), **kwargs
    )
    assert rules.refuse_after_gateway(day=date(2026, 5, 31), **kwargs) is None


def test_at_gateway_no_more_time_is_logged_even_from_before_it():
    message = rules.refuse_after_gateway(
        day=date(2026, 5, 31),
        gateway_date=date(2026, 6, 1),
        at_gateway=True,
        counts_after_gateway=False,
    )
    assert message.startswith("Off-the-job training stopped at gateway on 1 Jun 2026:")
    assert "no more can be logged" in message


def test_at_gateway_without_a_date_everything_is_refused():
    message = rules.refuse_after_gateway(
        day=date(2026, 5, 1), gateway_date=None, at_gateway=True, counts_after_gateway=False
    )
    assert message.startswith("Off-the-job training stopped at gateway:")
    assert (
        rules.refuse_after_gateway(
            day=date(2026, 5, 1), gateway_date=None, at_gateway=False, counts_after_gateway=False
        )
        is None
    )


def test_time_after_gateway_counts_where_the_funding_rules_say_so():
    assert (
        rules.refuse_after_gateway(
            day=date(2026, 7, 1),
            gateway_date=date(2026, 6, 1),
            at_gateway=True,
            counts_after_gateway=True,
        )
        is None
    )


def test_a_day_in_a_break_is_refused_naming_the_break():
    breaks = [BreakPeriod(starts=date(2026, 3, 2), returned_on=date(2026, 4, 6))]
    message = rules.refuse_during_break(day=date(2026, 3, 20), breaks=breaks)
    assert "break in learning from 2 Mar 2026 to 5 Apr 2026" in message
    assert rules.refuse_during_break(day=date(2026, 4, 6), breaks=breaks) is None
    assert rules.refuse_during_break(day=date(2026, 3, 1), breaks=breaks) is None


def test_a_day_in_an_open_break_names_its_start():
    message = rules.refuse_during_break(
        day=date(2026, 5, 1), breaks=[BreakPeriod(starts=date(2026, 4, 1))]
    )
    assert "break in learning since 1 Apr 2026" in message


def test_durations_must_be_positive_quarter_hours_within_a_day():
    assert "more than 0 minutes" in rules.refuse_duration(minutes=0)
    assert "more than 0 minutes" in rules.refuse_duration(minutes=-30)
    assert "at most 24 hours" in rules.refuse_duration(minutes=24 * 60 + 15)
    assert rules.refuse_duration(minutes=70) == (
        "Log time in quarter hours: 1 hour 10 minutes is not one; round it to 1 hour or "
        "1 hour 15 minutes."
    )
    assert rules.refuse_duration(minutes=24 * 60) is None
    assert rules.refuse_duration(minutes=75) is None


def test_a_day_total_past_24_hours_is_refused():
    message = rules.refuse_day_total(
        day=date(2026, 2, 2), minutes=5 * 60, other_minutes_that_day=20 * 60
    )
    assert message.startswith("That makes 25 hours on 2 Feb 2026 with the 20 hours already")
    assert (
        rules.refuse_day_total(day=date(2026, 2, 2), minutes=4 * 60, other_minutes_that_day=1200)
        is None
    )


def test_overlapping_times_are_refused_and_touching_times_are_not():
    others = [(time(9, 0), time(11, 0))]
    day = date(2026, 2, 2)
    message = rules.refuse_overlap(day=day, start=time(10, 30), end=time(12), others=others)
    assert message.startswith("These times overlap the entry from 09:00 to 11:00 on 2 Feb 2026")
    assert rules.refuse_overlap(day=day, start=time(11), end=time(12), others=others) is None
    assert rules.refuse_overlap(day=day, start=time(8), end=time(9), others=others) is None
    assert rules.refuse_overlap(day=day, start=time(8), end=time(13), others=others) is not None
    assert rules.refuse_overlap(day=day, start=None, end=None, others=others) is None


def test_english_and_maths_are_refused_unless_the_rules_count_them():
    refused = rules.refuse_english_maths(is_english_maths=True, counts_english_and_maths=False)
    assert "English or maths up to level 2 does not count" in refused
    assert rules.refuse_english_maths(is_english_maths=True, counts_english_and_maths=True) is None
    assert (
        rules.refuse_english_maths(is_english_maths=False, counts_english_and_maths=False) is None
    )


def test_minutes_between_times():
    assert rules.minutes_between(time(9, 15), time(10, 30)) == 75
    assert rules.minutes_between(time(10), time(9)) == -60


def test_hours_and_minutes_labels():
    assert rules.hours_label(Decimal("40.00")) == "40"
    assert rules.hours_label(Decimal("52.50")) == "52.5"
    assert rules.hours_label(Decimal("1.25")) == "1.25"
    assert rules.minutes_label(60) == "1 hour"
    assert rules.minutes_label(135) == "2 hours 15 minutes"


def test_expected_to_date_stands_still_during_a_break():
    end = date(2026, 12, 31)  # 360 days after the start
    plain = rules.expected_to_date(
        required=Decimal(360), start=START, planned_end=end, today=date(2026, 3, 6)
    )
    assert plain == Decimal("60.00")
    with_break = rules.expected_to_date(
        required=Decimal(360),
        start=START,
        planned_end=end,
        today=date(2026, 3, 6),
        breaks=[BreakPeriod(starts=date(2026, 2, 4), returned_on=date(2026, 2, 14))],
    )
    assert with_break == Decimal("50.00")


def test_forecast_projects_the_pace_so_far_to_the_planned_end():
    end = date(2026, 12, 31)  # 360 days
    forecast = rules.forecast_at_pace(
        actual=Decimal(30), start=START, planned_end=end, today=date(2026, 3, 6)
    )
    assert forecast == Decimal("180.00")  # 30 hours in 60 days, over 360 days


def test_forecast_leaves_break_days_out_of_the_pace():
    end = date(2026, 12, 31)
    forecast = rules.forecast_at_pace(
        actual=Decimal(25),
        start=START,
        planned_end=end,
        today=date(2026, 3, 6),
        breaks=[BreakPeriod(starts=date(2026, 2, 4), returned_on=date(2026, 2, 14))],
    )
    # 25 hours over 50 learning days, projected over 350 learning days.
    assert forecast == Decimal("175.00")


def test_forecast_is_none_before_any_learning_day():
    assert (
        rules.forecast_at_pace(
            actual=Decimal(0), start=START, planned_end=date(2027, 1, 1), today=START
        )
        is None
    )


def test_behind_message_says_by_how_much_and_where_the_pace_leads():
    message = rules.behind_message(
        actual=Decimal("40.00"),
        expected=Decimal("52.50"),
        required=Decimal("187.00"),
        forecast=Decimal("150.00"),
    )
    assert message == (
        "12.5 hours behind: 40 confirmed against 52.5 expected by today; at this pace 150 of "
        "187 required by the planned end."
    )


def test_no_behind_message_when_on_track():
    assert (
        rules.behind_message(
            actual=Decimal(53), expected=Decimal("52.5"), required=Decimal(187), forecast=None
        )
        is None
    )


def test_time_after_the_withdrawal_date_is_refused():
    withdrawn_on = date(2026, 6, 30)
    assert rules.refuse_after_withdrawal(day=date(2026, 6, 30), withdrawn_on=withdrawn_on) is None
    assert rules.refuse_after_withdrawal(day=date(2026, 7, 1), withdrawn_on=None) is None
    message = rules.refuse_after_withdrawal(day=date(2026, 7, 1), withdrawn_on=withdrawn_on)
    assert message == (
        "The apprentice withdrew, with their last learning on 30 Jun 2026: log only time "
        "spent on or before then."
    )


def test_logging_stops_at_gateway_naming_the_day():
    stopped = rules.logging_stopped(
        at_gateway=True,
        gateway_date=date(2026, 8, 27),
        withdrawn_on=None,
        counts_after_gateway=False,
    )
    assert stopped == (
        "Off-the-job training stopped at gateway on 27 Aug 2026: the end-point assessment "
        "organisation has the hours as they stood then."
    )


def test_logging_goes_on_after_gateway_where_the_funding_rules_count_it():
    assert (
        rules.logging_stopped(
            at_gateway=True,
            gateway_date=date(2026, 8, 27),
            withdrawn_on=None,
            counts_after_gateway=True,
        )
        is None
    )


def test_logging_stops_at_the_last_day_of_learning_of_a_withdrawal():
    stopped = rules.logging_stopped(
        at_gateway=False,
        gateway_date=None,
        withdrawn_on=date(2026, 11, 2),
        counts_after_gateway=True,
    )
    assert stopped == (
        "Off-the-job training stopped on 2 Nov 2026, the last day of learning before the "
        "apprentice withdrew."
    )


def test_logging_goes_on_while_learning():
    assert (
        rules.logging_stopped(
            at_gateway=False, gateway_date=None, withdrawn_on=None, counts_after_gateway=False
        )
        is None
    )


def test_the_last_day_counted_is_the_withdrawal_s_or_else_the_gateway_s():
    facts = {"gateway_date": date(2026, 8, 27), "counts_after_gateway": False}
    assert rules.logging_stopped_on(at_gateway=False, withdrawn_on=None, **facts) is None
    assert rules.logging_stopped_on(at_gateway=True, withdrawn_on=None, **facts) == date(
        2026, 8, 27
    )
    assert rules.logging_stopped_on(
        at_gateway=False, withdrawn_on=date(2026, 11, 2), **facts
    ) == date(2026, 11, 2)
    counted_after_gateway = {**facts, "counts_after_gateway": True}
    assert (
        rules.logging_stopped_on(at_gateway=True, withdrawn_on=None, **counted_after_gateway)
        is None
    )
