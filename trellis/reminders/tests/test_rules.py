from datetime import date, timedelta

import pytest

from trellis.reminders import rules
from trellis.reminders.rules import Audience, Kind

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("days", "kind"),
    [
        (8, None),
        (rules.REVIEW_NOTICE_DAYS, Kind.REVIEW_DUE),
        (0, Kind.REVIEW_DUE),
        (-1, Kind.REVIEW_OVERDUE),
        (-90, Kind.REVIEW_OVERDUE),
    ],
)
def test_a_review_is_due_within_a_week_and_overdue_the_day_after(days, kind):
    due = rules.review_reminder(7, TODAY + timedelta(days=days), TODAY, "Amara")

    assert (due.kind if due else None) == kind


def test_a_review_coming_up_goes_to_all_three_and_an_overdue_one_to_the_consultant():
    soon = rules.review_reminder(7, TODAY + timedelta(days=3), TODAY, "Amara")
    late = rules.review_reminder(7, TODAY - timedelta(days=3), TODAY, "Amara")

    assert soon.audience == (Audience.APPRENTICE, Audience.CONSULTANT, Audience.EMPLOYER)
    assert late.audience == (Audience.CONSULTANT,)


def test_a_new_due_date_makes_a_new_reminder_and_the_same_one_the_same_key():
    first = rules.review_reminder(7, TODAY + timedelta(days=3), TODAY, "Amara")
    next_day = rules.review_reminder(7, TODAY + timedelta(days=3), TODAY + timedelta(1), "Amara")
    moved = rules.review_reminder(7, TODAY + timedelta(days=4), TODAY, "Amara")

    assert first.key == next_day.key
    assert moved.key != first.key


def test_no_review_date_means_no_reminder():
    assert rules.review_reminder(7, None, TODAY, "Amara") is None


def test_a_signature_reminder_goes_only_to_those_who_have_not_signed():
    due = rules.signature_reminder(
        Kind.PLAN_SIGNATURE, 3, (Audience.EMPLOYER,), "version 2 of the training plan", "Amara"
    )

    assert due.audience == (Audience.EMPLOYER,)
    assert due.key == "plan-signature:3"
    assert due.body.startswith("Version 2 of the training plan for Amara")
    assert rules.signature_reminder(Kind.PLAN_SIGNATURE, 3, (), "the plan", "Amara") is None


def test_hours_to_confirm_remind_again_only_when_a_newer_entry_is_logged():
    first = rules.otj_reminder(7, Audience.CONSULTANT, 2, 40, "Amara")
    same = rules.otj_reminder(7, Audience.CONSULTANT, 1, 40, "Amara")
    newer = rules.otj_reminder(7, Audience.CONSULTANT, 3, 41, "Amara")

    assert first.key == same.key != newer.key
    assert first.audience == (Audience.CONSULTANT,)
    assert "2 off-the-job entries" in first.body and "1 off-the-job entry " in same.body
    assert rules.otj_reminder(7, Audience.CONSULTANT, 0, 40, "Amara") is None


@pytest.mark.parametrize(
    ("days", "reminded"), [(-1, False), (0, True), (rules.EPA_DATE_NOTICE_DAYS, True), (8, False)]
)
def test_an_assessment_day_is_reminded_in_the_week_before_it(days, reminded):
    due = rules.epa_date_reminder(5, TODAY + timedelta(days=days), TODAY, "Observation", "Amara")

    assert (due is not None) is reminded
    if due:
        assert Audience.ASSESSOR in due.audience


@pytest.mark.parametrize(
    ("days", "missing", "reminded"),
    [
        (rules.SHOWCASE_NOTICE_DAYS + 1, 3, False),
        (rules.SHOWCASE_NOTICE_DAYS, 3, True),
        (-10, 1, True),
        (5, 0, False),
    ],
)
def test_an_incomplete_showcase_is_reminded_in_the_four_weeks_before_gateway(
    days, missing, reminded
):
    due = rules.showcase_reminder(5, TODAY + timedelta(days=days), TODAY, missing, "Amara")

    assert (due is not None) is reminded
    if due:
        assert due.audience == (Audience.APPRENTICE, Audience.CONSULTANT)
