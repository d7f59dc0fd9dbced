import pytest

from trellis.equality import rules
from trellis.equality.rules import (
    SMALLEST_GROUP_SHOWN,
    Characteristic,
    Counts,
    Shown,
    age_band,
    characteristic_report,
    equality_report,
    hidden_groups,
)

SEX = next(c for c in rules.CHARACTERISTICS if c.characteristic == Characteristic.SEX)
ETHNIC = next(c for c in rules.CHARACTERISTICS if c.characteristic == Characteristic.ETHNIC_GROUP)
AGE = next(c for c in rules.CHARACTERISTICS if c.characteristic == Characteristic.AGE_BAND)


def people(apprentices, *, started=None, completed=0, withdrawn=0) -> Counts:
    return Counts(
        apprentices=apprentices,
        started=apprentices if started is None else started,
        completed=completed,
        withdrawn=withdrawn,
    )


def rows_by_key(report) -> dict:
    return {row.key: row for row in report.rows}


def test_the_threshold_is_five():
    assert SMALLEST_GROUP_SHOWN == 5


def test_the_achievement_rate_is_completions_out_of_leavers_and_withdrawal_out_of_starts():
    counts = people(20, completed=6, withdrawn=2)
    assert counts.achievement_percent == 75  # 6 of 8 leavers
    assert counts.withdrawal_percent == 10  # 2 of 20 started


def test_rates_count_apprenticeships_started_not_people():
    # One apprentice withdrew, then started again and is still learning.
    assert people(5, started=6, withdrawn=1).withdrawal_percent == 17


def test_no_leavers_gives_no_achievement_rate_rather_than_dividing_by_zero():
    counts = people(12)
    assert counts.achievement_percent is None
    assert counts.withdrawal_percent == 0


def test_nobody_started_gives_no_withdrawal_rate():
    assert Counts().withdrawal_percent is None
    assert Counts().achievement_percent is None


def test_counts_add_up_field_by_field():
    assert people(3, completed=1) + people(4, started=5, withdrawn=2) == Counts(7, 8, 1, 2)


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (16, "16_18"),
        (18, "16_18"),
        (19, "19_23"),
        (23, "19_23"),
        (24, "24_plus"),
        (61, "24_plus"),
        (None, rules.AGE_NOT_RECORDED),
    ],
)
def test_age_bands_at_their_edges(age, band):
    assert age_band(age) == band


def test_no_group_is_hidden_when_every_one_has_five_or_more():
    assert hidden_groups([5, 9, 30]) == {}


def test_two_small_groups_holding_five_or_more_between_them_protect_each_other():
    assert hidden_groups([4, 3, 12, 30]) == {0: Shown.TOO_FEW, 1: Shown.TOO_FEW}


def test_small_groups_holding_fewer_than_five_between_them_hide_the_next_smallest():
    # 4 and 0 together are the total less 12 and 30, so the pair's 4 could be worked out and,
    # with it, how those four fared: hiding 12 as well stops that.
    assert hidden_groups([4, 0, 12, 30]) == {
        0: Shown.TOO_FEW,
        1: Shown.TOO_FEW,
        2: Shown.PROTECTS_ANOTHER,
    }


def test_groups_are_hidden_until_the_hidden_hold_five():
    assert hidden_groups([1, 1, 1, 1, 6, 9]) == {
        0: Shown.TOO_FEW,
        1: Shown.TOO_FEW,
        2: Shown.TOO_FEW,
        3: Shown.TOO_FEW,
        4: Shown.PROTECTS_ANOTHER,
    }


def test_one_group_under_five_also_hides_the_next_smallest():
    # 3 could be worked out as the total less 12 and 30: hiding 12 as well stops that.
    assert hidden_groups([30, 3, 12, 40]) == {1: Shown.TOO_FEW, 2: Shown.PROTECTS_ANOTHER}


def test_of_two_groups_tied_for_next_smallest_the_first_listed_is_hidden():
    assert hidden_groups([9, 20, 2, 9]) == {2: Shown.TOO_FEW, 0: Shown.PROTECTS_ANOTHER}


def test_an_empty_group_counts_as_under_five():
    # An empty group is hidden too: otherwise "0" beside "fewer than 5" would let the other
    # be worked out.
    assert hidden_groups([0, 10, 20]) == {0: Shown.TOO_FEW, 1: Shown.PROTECTS_ANOTHER}


def test_a_group_of_exactly_five_is_shown():
    assert hidden_groups([5, 5, 5]) == {}


def test_when_every_group_is_tiny_every_group_is_hidden_for_its_size():
    assert hidden_groups([1, 4, 2]) == {0: Shown.TOO_FEW, 1: Shown.TOO_FEW, 2: Shown.TOO_FEW}


def test_a_lone_group_under_five_has_nothing_to_hide_beside_it():
    assert hidden_groups([3]) == {0: Shown.TOO_FEW}


def test_a_report_gives_each_group_its_count_and_rates():
    total = people(30, completed=7, withdrawn=5)
    report = characteristic_report(
        SEX,
        {
            "female": people(14, completed=4, withdrawn=1),
            "male": people(10, completed=3, withdrawn=3),
            None: people(4, withdrawn=1),
            rules.PREFER_NOT_TO_SAY: people(2),
        },
        total,
    )
    assert report.title == "Sex"
    assert report.total is total
    rows = rows_by_key(report)
    assert [row.label for row in report.rows] == ["Female", "Male", "Not answered"]
    assert rows["female"] == rules.GroupRow(
        key="female",
        label="Female",
        shown=Shown.ALL,
        apprentices=14,
        achievement_percent=80,  # 4 of 5 leavers
        withdrawal_percent=7,  # 1 of 14
    )
    assert (rows["male"].apprentices, rows["male"].achievement_percent) == (10, 50)
    assert rows["male"].withdrawal_percent == 30
    # No answers and "Prefer not to say" are one group: 4 + 2 = 6, so it is shown.
    assert rows[rules.NOT_ANSWERED].apprentices == 6
    assert rows[rules.NOT_ANSWERED].achievement_percent == 0
    assert rows[rules.NOT_ANSWERED].withdrawal_percent == 17


def test_a_hidden_group_carries_no_figures_at_all():
    report = characteristic_report(
        SEX,
        {"female": people(3, withdrawn=3), "male": people(20, completed=2), None: people(7)},
        people(30, completed=2, withdrawn=3),
    )
    rows = rows_by_key(report)
    assert rows["female"] == rules.GroupRow(key="female", label="Female", shown=Shown.TOO_FEW)
    # Not answered (7) is the next smallest, so it hides to protect the 3.
    assert rows[rules.NOT_ANSWERED] == rules.GroupRow(
        key=rules.NOT_ANSWERED, label="Not answered", shown=Shown.PROTECTS_ANOTHER
    )
    assert rows["male"].shown == Shown.ALL


def test_every_group_is_listed_even_with_nobody_in_it():
    report = characteristic_report(ETHNIC, {"white": people(40)}, people(40))
    assert [row.key for row in report.rows] == [
        "white",
        "mixed",
        "asian",
        "black",
        "other",
        rules.NOT_ANSWERED,
    ]
    # Shown beside a total of 40, White's 40 would tell everyone's ethnic group.
    assert [row.shown for row in report.rows] == [Shown.PROTECTS_ANOTHER] + [Shown.TOO_FEW] * 5


def test_age_without_a_date_of_birth_is_its_own_group():
    report = characteristic_report(
        AGE,
        {"16_18": people(6), "24_plus": people(9), rules.AGE_NOT_RECORDED: people(5)},
        people(20),
    )
    assert [(row.label, row.apprentices) for row in report.rows] == [
        ("16 to 18", 6),
        ("19 to 23", None),
        ("24 and over", 9),
        ("Date of birth not recorded", None),
    ]
    # 19 to 23 is empty, the one group hidden, so the next smallest (5) hides with it.
    assert report.rows[3].shown == Shown.PROTECTS_ANOTHER


def test_a_value_with_no_group_is_refused_naming_it():
    with pytest.raises(ValueError, match="Sex has no group for the value 'unknown'"):
        characteristic_report(SEX, {"unknown": people(5)}, people(5))


def test_the_report_covers_every_characteristic_in_order_with_one_total():
    total = people(8)
    report = equality_report({Characteristic.SEX: {"female": people(8)}}, total)
    assert [r.characteristic for r in report] == [
        Characteristic.ETHNIC_GROUP,
        Characteristic.SEX,
        Characteristic.DISABILITY,
        Characteristic.AGE_BAND,
    ]
    assert all(r.total is total for r in report)
    # A characteristic with no counts at all lists every group as fewer than 5.
    assert {row.shown for row in report[0].rows} == {Shown.TOO_FEW}


def test_the_questions_offer_prefer_not_to_say_last():
    assert rules.with_prefer_not_to_say(rules.SEXES)[-1] == (
        "prefer_not_to_say",
        "Prefer not to say",
    )
    assert [label for _, label in rules.ETHNIC_GROUPS] == [
        "White",
        "Mixed or multiple ethnic groups",
        "Asian or Asian British",
        "Black, Black British, Caribbean or African",
        "Other ethnic group",
    ]


def test_the_rules_import_nothing_from_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(rules.__file__).read_text())
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any(name.startswith("django") for name in imported)
