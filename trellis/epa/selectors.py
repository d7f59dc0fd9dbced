"""Reading an assessment: its standard's rules, the record as the rules see it, the grades it
gives, and what a moderator or a re-attempt changes."""

from collections.abc import Mapping
from datetime import date

from django.utils import timezone

from trellis.apprenticeships.rules import add_months
from trellis.booking.models import EpaDate
from trellis.epa import grading, record
from trellis.epa.models import Assessment, BankQuestion, KsbFinding, Question
from trellis.standards.models import KSB, Standard

Scores = dict[str, dict[str, int]]


def rules_for(assessment: Assessment) -> dict:
    return assessment.apprenticeship.standard_version.rules or {}


def method_rules(assessment: Assessment, code: str) -> dict | None:
    return next((m for m in rules_for(assessment).get("methods", ()) if m["code"] == code), None)


def methods_taken(assessment: Assessment) -> list[dict]:
    return [m for m in rules_for(assessment).get("methods", ()) if m["code"] in assessment.methods]


def latest_attempt(apprenticeship_id: int) -> Assessment | None:
    return (
        Assessment.objects.filter(apprenticeship_id=apprenticeship_id).order_by("-number").first()
    )


def attempts(apprenticeship_id: int) -> list[Assessment]:
    return list(Assessment.objects.filter(apprenticeship_id=apprenticeship_id).order_by("number"))


def ksbs(assessment: Assessment) -> list[KSB]:
    return list(
        KSB.objects.filter(standard_version_id=assessment.apprenticeship.standard_version_id)
        .select_related("theme")
        .order_by("position")
    )


def ksb_codes(assessment: Assessment) -> list[str]:
    return [ksb.code for ksb in ksbs(assessment)]


def standard_ksb_codes(standard: Standard) -> list[str]:
    """Every KSB code of the standard's versions, in order, once each."""
    codes = KSB.objects.filter(standard_version__standard=standard).order_by(
        "standard_version__version", "position"
    )
    return list(dict.fromkeys(codes.values_list("code", flat=True)))


def findings(assessment: Assessment) -> dict[str, KsbFinding]:
    return {finding.ksb_code: finding for finding in assessment.findings.all()}


def gap_codes(assessment: Assessment) -> list[str]:
    """The KSBs the desk review found not fully met: marked not met, or with gaps written."""
    return [
        finding.ksb_code
        for finding in assessment.findings.all()
        if finding.appears_met is False or finding.gaps.strip()
    ]


def own_scores(assessment: Assessment) -> Scores:
    """The assessor's scores, by method and criterion (unscored criteria left out)."""
    found: Scores = {}
    for score in assessment.scores.all():
        if score.points is not None:
            found.setdefault(score.method, {})[score.criterion] = score.points
    return found


def _with_moderations(assessment: Assessment, scores: Scores) -> Scores:
    """Apply every moderator's score changes, in the order they were made."""
    for moderation in assessment.moderations.prefetch_related("changes").order_by("decided_at"):
        for change in moderation.changes.all():
            scores.setdefault(change.method, {})[change.criterion] = change.points_after
    return scores


def scores_for_grading(assessment: Assessment) -> Scores:
    """The assessor's scores for the methods taken, and for a re-attempt the final scores of
    the methods carried over from the attempt before."""
    scores = {
        code: points
        for code, points in own_scores(assessment).items()
        if code in assessment.methods
    }
    previous = assessment.previous
    while previous is not None:
        for code, points in _with_moderations(previous, own_scores(previous)).items():
            scores.setdefault(code, points)
        previous = previous.previous
    return scores


def moderated_scores(assessment: Assessment) -> Scores:
    """The scores as they stand after every moderation so far, methods taken only."""
    return _with_moderations(assessment, scores_for_grading(assessment))


def max_grade(assessment: Assessment) -> str | None:
    """The cap on a re-attempt's grade, unless the EPAO recorded exceptional circumstances."""
    resit = rules_for(assessment).get("resit") or {}
    if assessment.kind == Assessment.Kind.FIRST:
        return None
    if assessment.exceptional_circumstances and resit.get(
        "max_grade_lifted_for_exceptional_circumstances"
    ):
        return None
    return resit.get("max_grade")


def graded(assessment: Assessment, scores: Scores | None = None) -> dict:
    rules = rules_for(assessment)
    scores = scores_for_grading(assessment) if scores is None else scores
    result = grading.grade_epa(rules, scores, max_grade=max_grade(assessment))
    return record.result_as_data(result, rules, terminated=False)


def terminated_result(assessment: Assessment, rules: Mapping) -> dict:
    """A terminated EPA is a Fail whatever was scored."""
    return {
        "methods": {},
        "grade": "fail",
        "points": 0,
        "points_out_of": rules["overall"]["points_out_of"],
        "capped": False,
        "unconfirmed": [],
        "reasons": [
            f"The assessment was ended early: {assessment.get_termination_reason_display()}. "
            "An assessment ended this way is a Fail."
        ],
        "terminated": True,
    }


def current_result(assessment: Assessment) -> dict:
    """The result as it stands: the last moderation's, or the provisional one."""
    latest = assessment.moderations.order_by("-decided_at", "-pk").first()
    return latest.result_after if latest is not None else assessment.provisional_result


def sittings(assessment: Assessment) -> dict[str, record.MethodSitting]:
    records = {found.method: found for found in assessment.records.all()}
    sessions: dict[str, list[record.SessionRecord]] = {}
    for session in assessment.sessions.order_by("number"):
        sessions.setdefault(session.method, []).append(
            record.SessionRecord(
                number=session.number,
                learner_ref=session.learner_ref,
                format=session.format,
                genuine_confirmed=session.genuine_confirmed,
                no_other_learners_confirmed=session.no_other_learners_confirmed,
                started_at=session.started_at,
                ended_at=session.ended_at,
            )
        )
    found = {}
    for method in methods_taken(assessment):
        code = method["code"]
        saved = records.get(code)
        listed = sessions.get(code, [])
        if record.is_observed(method):
            numbers = {s.number for s in listed}
            listed += [
                record.SessionRecord(n, "", "", False, False, None, None)
                for n in range(1, method["sessions"]["count"] + 1)
                if n not in numbers
            ]
            listed.sort(key=lambda s: s.number)
        found[code] = record.MethodSitting(
            setting_confirmed=bool(saved and saved.setting_confirmed),
            started_at=saved.started_at if saved else None,
            ended_at=saved.ended_at if saved else None,
            questioning_minutes=saved.questioning_minutes if saved else None,
            sessions=tuple(listed),
        )
    return found


def finalise_problems(assessment: Assessment) -> list[str]:
    return record.finalise_problems(
        rules_for(assessment),
        assessment.methods,
        sittings(assessment),
        own_scores(assessment),
    )


def last_assessment_day(assessment: Assessment) -> date | None:
    """The end of the EPA: the last day booked for it, not moved or cancelled, on or before
    the day the assessor finalised (a day still booked later was not needed)."""
    finalised_on = timezone.localdate(assessment.finalised_at)
    found = (
        assessment.booking.dates.filter(status=EpaDate.Status.BOOKED, day__lte=finalised_on)
        .order_by("-day")
        .first()
    )
    return found.day if found else finalised_on


def methods_to_retake(assessment: Assessment, rules: Mapping) -> list[str]:
    result = assessment.final_result or {}
    if not (rules.get("resit") or {}).get("only_failed_methods") or not result.get("methods"):
        return [method["code"] for method in rules["methods"]]
    return [code for code, method in result["methods"].items() if method["grade"] == "fail"]


def reattempt_problems(
    assessment: Assessment, rules: Mapping, *, kind: str, today: date
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if kind not in (Assessment.Kind.RESIT, Assessment.Kind.RETAKE):
        problems["kind"] = "Choose a resit (no further learning) or a retake (further learning)."
    if assessment.status != Assessment.Status.FINAL or assessment.final_result["grade"] != "fail":
        problems["kind"] = "Only a confirmed Fail is taken again."
    elif hasattr(assessment, "next_attempt"):
        problems["kind"] = "This attempt has been taken again already: see the later attempt."
    else:
        months = rules["resit"]["within_months"]
        latest = add_months(assessment.confirmed_at.date(), months)
        if today > latest:
            problems["kind"] = (
                f"A re-attempt must start within {months} months of the result, by "
                f"{latest:%-d %B %Y}."
            )
    return problems


def suggestions(assessment: Assessment, today: date) -> list[record.Suggestion]:
    bank = BankQuestion.objects.filter(
        epao_id=assessment.booking.epao_id,
        standard_id=assessment.apprenticeship.standard_version.standard_id,
    )
    used_before = Question.objects.filter(
        assessment__apprenticeship_id=assessment.apprenticeship_id,
        assessment__number__lt=assessment.number,
        bank_question__isnull=False,
    ).values_list("bank_question_id", flat=True)
    chosen = assessment.questions.filter(bank_question__isnull=False).values_list(
        "bank_question_id", flat=True
    )
    return record.suggested_questions(
        [record.BankEntry(q.pk, q.text, tuple(q.ksb_codes), q.review_on, q.retired) for q in bank],
        gap_codes(assessment),
        used_before=used_before,
        chosen=chosen,
        today=today,
    )
