import pytest

from trellis.standards.datafile import DATA_DIR, StandardData, parse_standard_file
from trellis.standards.describe import (
    describe_booking,
    describe_method_grading,
    describe_on_programme,
    describe_overall,
    describe_resit,
)


@pytest.fixture(scope="module")
def standard() -> StandardData:
    return parse_standard_file(DATA_DIR / "ST0148-1.0.toml")


def test_lmo_description(standard: StandardData) -> None:
    sentences = describe_method_grading(standard.method("LMO"))
    assert all(confirmed for _, confirmed in sentences)
    text = [sentence for sentence, _ in sentences]
    assert "120 minutes in total, ±10% (108 to 132 minutes)." in text
    assert "Each of the 16 criteria is scored 0, 1 or 2; the total is doubled (maximum 64)." in text
    assert "Fail if any criterion scores 0." in text
    assert (
        "Pass: every criterion at least 1, at least 11 criteria at 2 and at least 54 points."
        in text
    )
    assert (
        "Distinction: every criterion at least 1, at least 14 criteria at 2 and at least 60 "
        "points." in text
    )


def test_pd_description_flags_unconfirmed_grading(standard: StandardData) -> None:
    sentences = dict(describe_method_grading(standard.method("PD")))
    assert sentences["At most 60 minutes, plus 10% (up to 66 minutes)."] is True
    assert (
        sentences["Each of the 18 criteria is scored 0, 1 or 2; the total is out of 36."] is False
    )
    pass_rule = (
        "Pass: every criterion at least 1, at least 12 criteria at 2 and at least 30 points."
    )
    assert sentences[pass_rule] is False


def test_overall_and_resit_descriptions(standard: StandardData) -> None:
    overall = dict(describe_overall(standard.overall))
    assert overall["Distinction when the methods' points add up to at least 90 out of 100."]
    assert overall["Fail if any assessment method is failed or the EPA is terminated."]
    assert all(confirmed is False for _, confirmed in describe_resit(standard.resit))


def test_on_programme_and_booking_descriptions(standard: StandardData) -> None:
    assert describe_on_programme(standard.on_programme) == [
        ("Level 1 Safeguarding must be achieved.", True),
        (
            "Functional Skills English and maths at level 2 must be achieved before gateway, "
            "unless GCSE English and maths at grade 4 (C) or above is already held.",
            True,
        ),
        (
            "From 11 Feb 2025, apprentices aged 19 or over at their start need not achieve "
            "English and maths.",
            True,
        ),
        ("At least 12 months on programme before gateway.", True),
    ]
    assert describe_booking(standard.booking) == [
        ("The EPAO gives the employer at least 7 days' notice of the EPA.", True)
    ]
