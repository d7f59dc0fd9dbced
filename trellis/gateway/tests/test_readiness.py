from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from trellis.apprenticeships.breaks import BreakPeriod
from trellis.gateway.readiness import (
    SIGN_OFF_CODE,
    Check,
    ReadinessFacts,
    RequirementSpec,
    SubjectFact,
    check,
    checklist,
    forecast,
    overrides_left,
    refuse_declaration,
    refuse_override,
    refuse_override_reason,
)

TODAY = date(2026, 11, 23)
START = date(2025, 10, 23)
KSBS = ("K1", "K2", "S1", "B1")
SPECS = [
    RequirementSpec("minimum-time", "Minimum time on programme"),
    RequirementSpec("ksbs-evidenced", "Every KSB secure"),
    RequirementSpec("showcase", "Showcase complete"),
    RequirementSpec("safeguarding-l1", "Level 1 Safeguarding"),
    RequirementSpec("english-maths", "English and maths"),
    RequirementSpec("otj-hours", "Off-the-job hours"),
    RequirementSpec("reviews-up-to-date", "No overdue progress review"),
    RequirementSpec("epao-named", "EPAO named"),
    RequirementSpec(SIGN_OFF_CODE, "Competent and ready"),
]
EXEMPT = SubjectFact("English", outstanding=False, reason="English: exempt with a GCSE grade 5.")
MATHS_EXEMPT = SubjectFact("Maths", outstanding=False, reason="Maths: exempt with a GCSE grade 5.")
MATHS_DUE = SubjectFact("Maths", outstanding=True, reason="Maths: level 2 still to be achieved.")


def ready_facts(**changes) -> ReadinessFacts:
    facts = ReadinessFacts(
        today=TODAY,
        start=START,
        minimum_months=12,
        ksb_codes=KSBS,
        secure_codes=frozenset(KSBS),
        showcase_sections=4,
        showcase_missing=(),
        safeguarding_achieved_on=date(2025, 12, 1),
        subjects=(EXEMPT, MATHS_EXEMPT),
        otj_required=Decimal("278"),
        otj_confirmed=Decimal("278"),
        next_review_due=TODAY + timedelta(days=20),
        epao_name="Fair Assessment Ltd",
    )
    return replace(facts, **changes)


def result(code: str, **changes) -> Check:
    spec = next(spec for spec in SPECS if spec.code == code)
    return check(spec, ready_facts(**changes))


def met_checks() -> list[Check]:
    return checklist(SPECS, ready_facts())


def test_every_requirement_is_met_for_a_ready_apprentice():
    checks = met_checks()
    assert [item.code for item in checks] == [spec.code for spec in SPECS[:-1]]
    assert all(item.met and item.satisfied for item in checks)


# --- Minimum time -----------------------------------------------------------------------------


def test_minimum_time_is_met_on_the_exact_day():
    item = result("minimum-time", start=date(2025, 11, 23))
    assert item.met
    assert item.detail == "12 months from the start on 23 Nov 2025 was reached on 23 Nov 2026."


def test_minimum_time_a_day_before_is_unmet_with_a_day_to_go():
    item = result("minimum-time", start=date(2025, 11, 24))
    assert not item.met
    assert item.detail.endswith("is reached on 24 Nov 2026: 1 days to go.")


def test_minimum_time_stands_still_during_an_open_break():
    item = result("minimum-time", breaks=(BreakPeriod(starts=date(2026, 3, 1)),))
    assert not item.met
    assert "on a break in learning" in item.detail


def test_a_closed_break_postpones_the_minimum_time_by_its_length():
    ten_days = (BreakPeriod(starts=date(2026, 3, 1), returned_on=date(2026, 3, 11)),)
    met = result("minimum-time", start=date(2025, 11, 13), breaks=ten_days)
    assert met.met
    assert "plus 10 days of breaks in learning" in met.detail
    assert "reached on 23 Nov 2026" in met.detail

    unmet = result("minimum-time", start=date(2025, 11, 14), breaks=ten_days)
    assert not unmet.met
    assert "is reached on 24 Nov 2026: 1 days to go." in unmet.detail


# --- KSBs and Showcase -----------------------------------------------------------------------


def test_ksbs_met_when_every_one_is_secure():
    item = result("ksbs-evidenced")
    assert item.met
    assert item.detail == "All 4 KSBs are secure in the portfolio."


def test_ksbs_unmet_lists_the_codes_not_yet_secure():
    item = result("ksbs-evidenced", secure_codes=frozenset({"K1", "B1"}))
    assert not item.met
    assert item.detail == "2 of 4 KSBs are secure; not yet secure: K2, S1."


def test_ksbs_unmet_when_the_standard_has_none():
    item = result("ksbs-evidenced", ksb_codes=(), secure_codes=frozenset())
    assert not item.met
    assert "no KSBs loaded" in item.detail


@pytest.mark.parametrize("code", ["showcase", "portfolio"])
def test_showcase_unmet_names_the_missing_sections(code):
    item = check(
        RequirementSpec(code, "Showcase"),
        ready_facts(showcase_missing=("Knowledge of the role", "Behaviours")),
    )
    assert not item.met
    assert item.detail == (
        "2 of 4 Showcase sections are complete; still to do: Knowledge of the role, Behaviours."
    )


@pytest.mark.parametrize("code", ["showcase", "portfolio"])
def test_showcase_met_when_every_section_is_complete(code):
    item = check(RequirementSpec(code, "Showcase"), ready_facts())
    assert item.met
    assert item.detail == "All 4 sections of the Showcase are complete."


def test_showcase_with_no_sections_is_unmet():
    assert not result("showcase", showcase_sections=0).met


# --- Safeguarding, English and maths ---------------------------------------------------------


def test_safeguarding_met_when_achieved():
    item = result("safeguarding-l1")
    assert item.met
    assert item.detail == "Achieved on 1 Dec 2025."


@pytest.mark.parametrize("achieved", [None, TODAY + timedelta(days=1)])
def test_safeguarding_unmet_when_not_achieved_or_dated_in_the_future(achieved):
    item = result("safeguarding-l1", safeguarding_achieved_on=achieved)
    assert not item.met
    assert item.detail == "Not recorded as achieved on the qualifications tab."


def test_english_and_maths_met_gives_each_reason():
    item = result("english-maths")
    assert item.met
    assert "English: exempt" in item.detail
    assert "Maths: exempt" in item.detail


def test_english_and_maths_unmet_gives_the_outstanding_subjects_reason_only():
    item = result("english-maths", subjects=(EXEMPT, MATHS_DUE))
    assert not item.met
    assert item.detail == "Maths: level 2 still to be achieved."


def test_english_and_maths_unmet_when_none_recorded():
    item = result("english-maths", subjects=())
    assert not item.met
    assert "not recorded" in item.detail


# --- Off-the-job hours ------------------------------------------------------------------------


def test_otj_hours_met_at_the_exact_total():
    item = result("otj-hours", otj_required=Decimal("278.5"), otj_confirmed=Decimal("278.5"))
    assert item.met
    assert item.detail == "278.5 of 278.5 hours confirmed."


def test_otj_hours_a_quarter_hour_short_is_unmet():
    item = result("otj-hours", otj_required=Decimal("278.5"), otj_confirmed=Decimal("278.25"))
    assert not item.met
    assert item.detail == "278.25 of 278.5 hours confirmed: 0.25 to go."


def test_otj_hours_unmet_when_no_total_is_required():
    item = result("otj-hours", otj_required=Decimal(0), otj_confirmed=Decimal(10))
    assert not item.met
    assert "No required off-the-job total" in item.detail


# --- Reviews and EPAO -------------------------------------------------------------------------


def test_a_review_due_today_is_not_overdue():
    item = result("reviews-up-to-date", next_review_due=TODAY)
    assert item.met
    assert item.detail == "The next progress review is due by 23 Nov 2026."


def test_a_review_due_yesterday_is_overdue_by_a_day():
    item = result("reviews-up-to-date", next_review_due=TODAY - timedelta(days=1))
    assert not item.met
    assert item.detail == "A progress review was due on 22 Nov 2026: 1 days overdue."


def test_no_review_due_is_met():
    item = result("reviews-up-to-date", next_review_due=None)
    assert item.met
    assert item.detail == "No progress review is due."


def test_epao_named():
    assert result("epao-named").detail == "Fair Assessment Ltd is named in the training plan."
    item = result("epao-named", epao_name="")
    assert not item.met
    assert "No end-point assessment organisation" in item.detail


def test_a_requirement_with_no_check_is_never_met():
    item = check(RequirementSpec("first-aid", "First aid certificate"), ready_facts())
    assert not item.met
    assert item.detail.startswith("Trellis has no check for this requirement yet")


# --- Overrides --------------------------------------------------------------------------------


def test_an_override_satisfies_an_unmet_requirement():
    checks = checklist(
        SPECS,
        ready_facts(safeguarding_achieved_on=None),
        overrides={"safeguarding-l1": "Certificate held by the employer."},
    )
    item = next(item for item in checks if item.code == "safeguarding-l1")
    assert not item.met
    assert item.overridden
    assert item.satisfied
    assert item.override_reason == "Certificate held by the employer."


def test_an_override_on_a_met_requirement_is_ignored():
    checks = checklist(SPECS, ready_facts(), overrides={"epao-named": "Not needed really."})
    item = next(item for item in checks if item.code == "epao-named")
    assert item.met
    assert not item.overridden


def test_the_sign_off_is_not_on_the_checklist():
    assert SIGN_OFF_CODE not in [item.code for item in met_checks()]


# --- Declarations -----------------------------------------------------------------------------


def test_the_consultant_declares_first():
    assert refuse_declaration("consultant", [], met_checks()) is None
    assert refuse_declaration("apprentice", [], met_checks()) == (
        "The sign-off goes in order: the training consultant declares next, before the apprentice."
    )


def test_the_apprentice_declares_before_the_employer():
    assert refuse_declaration("apprentice", ["consultant"], met_checks()) is None
    assert refuse_declaration("employer", ["consultant", "apprentice"], met_checks()) is None


def test_the_employer_before_the_apprentice_is_refused_naming_who_is_next():
    problem = refuse_declaration("employer", ["consultant"], met_checks())
    assert problem == (
        "The sign-off goes in order: the apprentice declares next, before the employer contact."
    )


def test_declaring_twice_is_refused():
    problem = refuse_declaration("consultant", ["consultant"], met_checks())
    assert problem == "The training consultant has already declared the apprentice ready."


def test_someone_not_a_party_cannot_declare():
    assert "Only the apprentice" in refuse_declaration(None, [], met_checks())


def test_a_declaration_is_refused_while_a_requirement_is_unmet_naming_it():
    checks = checklist(SPECS, ready_facts(safeguarding_achieved_on=None))
    problem = refuse_declaration("consultant", [], checks)
    assert problem == (
        "Every requirement must be met before the sign-off; not yet met: Level 1 Safeguarding."
    )


def test_an_overridden_requirement_allows_the_declaration():
    checks = checklist(
        SPECS,
        ready_facts(safeguarding_achieved_on=None),
        overrides={"safeguarding-l1": "Certificate held by the employer."},
    )
    assert refuse_declaration("consultant", [], checks) is None


# --- Override refusals ------------------------------------------------------------------------


def test_the_sign_off_cannot_be_overridden():
    assert "cannot be overridden" in refuse_override(SIGN_OFF_CODE, met_checks())


def test_an_unknown_requirement_cannot_be_overridden():
    problem = refuse_override("first-aid", met_checks())
    assert problem == "There is no such requirement on this apprentice's checklist."


def test_a_met_requirement_needs_no_override():
    assert (
        refuse_override("epao-named", met_checks())
        == "“EPAO named” is met, so it needs no override."
    )


def test_an_unmet_requirement_can_be_overridden_once():
    facts = ready_facts(safeguarding_achieved_on=None)
    assert refuse_override("safeguarding-l1", checklist(SPECS, facts)) is None
    overridden = checklist(SPECS, facts, overrides={"safeguarding-l1": "Held by the employer."})
    assert refuse_override("safeguarding-l1", overridden) == (
        "“Level 1 Safeguarding” is overridden already."
    )


def test_only_one_requirement_may_be_overridden():
    facts = ready_facts(safeguarding_achieved_on=None, epao_name="")
    assert overrides_left(checklist(SPECS, facts)) == 1
    overridden = checklist(SPECS, facts, overrides={"safeguarding-l1": "Held by the employer."})
    assert overrides_left(overridden) == 0
    assert refuse_override("epao-named", overridden) == (
        "Only one requirement may be overridden, and “Level 1 Safeguarding” is already: "
        "“EPAO named” must be met before the sign-off."
    )


def test_an_override_reason_needs_twenty_characters():
    problem = refuse_override_reason("Level 1 Safeguarding", "x" * 19)
    assert "in at least 20 characters" in problem
    assert "“Level 1 Safeguarding”" in problem
    assert refuse_override_reason("Level 1 Safeguarding", "x" * 20) is None
    assert refuse_override_reason("Level 1 Safeguarding", "   " + "x" * 19 + "   ") is not None


# --- Forecast ---------------------------------------------------------------------------------

OTJ_ONLY = [RequirementSpec("otj-hours", "Off-the-job hours")]
TIME_AND_OTJ = [
    RequirementSpec("minimum-time", "Minimum time on programme"),
    RequirementSpec("otj-hours", "Off-the-job hours"),
]


def test_the_forecast_keeps_the_pace_of_the_hours_so_far():
    facts = ready_facts(
        start=TODAY - timedelta(days=100),
        otj_required=Decimal(200),
        otj_confirmed=Decimal(100),
    )
    outlook = forecast(OTJ_ONLY, facts)
    assert outlook.ready_on == TODAY + timedelta(days=100)
    assert outlook.reasons == [
        "Off-the-job hours: at 7.0 hours a week, the 100 hours still to go are confirmed by "
        "3 Mar 2027."
    ]


def test_breaks_are_left_out_of_the_pace():
    facts = ready_facts(
        start=TODAY - timedelta(days=150),
        breaks=(
            BreakPeriod(starts=TODAY - timedelta(days=100), returned_on=TODAY - timedelta(days=50)),
        ),
        otj_required=Decimal(200),
        otj_confirmed=Decimal(100),
    )
    assert forecast(OTJ_ONLY, facts).ready_on == TODAY + timedelta(days=100)


def test_no_hours_yet_gives_no_forecast_with_the_reason():
    facts = ready_facts(start=TODAY - timedelta(days=100), otj_confirmed=Decimal(0))
    outlook = forecast(OTJ_ONLY, facts)
    assert outlook.ready_on is None
    assert outlook.reasons == [
        "Off-the-job hours: none confirmed yet, so there is no pace to go on."
    ]


def test_no_ksbs_secure_gives_no_forecast():
    facts = ready_facts(secure_codes=frozenset())
    outlook = forecast(SPECS, facts)
    assert outlook.ready_on is None
    assert "KSBs: none secure yet, so there is no pace to go on." in outlook.reasons


def test_everything_met_is_ready_today():
    outlook = forecast(SPECS, ready_facts())
    assert outlook.ready_on == TODAY
    assert "Off-the-job hours: the required total is confirmed." in outlook.reasons
    assert "KSBs: all secure." in outlook.reasons
    assert not any(reason.startswith("Also still to do") for reason in outlook.reasons)


def test_the_minimum_time_decides_when_it_comes_after_the_pace():
    facts = ready_facts(
        start=date(2026, 5, 1),
        otj_required=Decimal(200),
        otj_confirmed=Decimal(199),
    )
    outlook = forecast(TIME_AND_OTJ, facts)
    assert outlook.ready_on == date(2027, 5, 1)
    assert outlook.reasons[0] == "Minimum time on programme: met on 1 May 2027."


def test_the_pace_decides_when_it_comes_after_the_minimum_time():
    facts = ready_facts(
        start=TODAY - timedelta(days=400),
        otj_required=Decimal(400),
        otj_confirmed=Decimal(200),
    )
    assert forecast(TIME_AND_OTJ, facts).ready_on == TODAY + timedelta(days=400)


def test_an_open_break_gives_no_forecast():
    facts = ready_facts(
        start=date(2026, 1, 5), breaks=(BreakPeriod(starts=TODAY - timedelta(days=3)),)
    )
    outlook = forecast(TIME_AND_OTJ, facts)
    assert outlook.ready_on is None
    assert outlook.reasons[0].startswith("On a break in learning")


def test_other_unmet_requirements_are_listed_as_still_to_do():
    facts = ready_facts(safeguarding_achieved_on=None, epao_name="")
    outlook = forecast(SPECS, facts)
    assert outlook.ready_on == TODAY
    assert outlook.reasons[-1] == (
        "Also still to do, at no set pace: Level 1 Safeguarding, EPAO named."
    )
