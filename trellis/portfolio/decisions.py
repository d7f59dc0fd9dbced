"""Formative assessment: put an item forward, assess or return it, correct a decision.

Every decision is kept with who and when; a decision that was wrong is corrected only by a
newer one that names it and gives the reason. Each write keeps the KSB coverage current.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from trellis.caseload.services import caseload_summary_refresh
from trellis.organisations.models import User
from trellis.portfolio import access, rules
from trellis.portfolio.coverage import ksb_coverage_refresh
from trellis.portfolio.models import (
    Decision,
    EvidenceItem,
    KsbJudgement,
    Submission,
)


def _locked(item: EvidenceItem) -> EvidenceItem:
    """Return the item read again under a row lock, so that two decisions cannot cross."""
    locked = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    locked.apprenticeship = item.apprenticeship
    return locked


def evidence_submit(*, item: EvidenceItem, submitted_by: User) -> Submission:
    """Put a draft or returned item forward for assessment."""
    access.require_can_put_forward(submitted_by, item)
    with transaction.atomic():
        item = _locked(item)
        errors = rules.refuse_submit(
            status=item.status,
            kind=item.kind,
            mapped_ksbs=item.mappings.count(),
            has_body=bool(item.body.strip()),
            files=item.files.filter(removed_at__isnull=True).count(),
        )
        if errors:
            raise ValidationError(errors)
        number = (item.submissions.aggregate(last=Max("number"))["last"] or 0) + 1
        submission = Submission.objects.create(
            item=item, number=number, submitted_by=submitted_by, submitted_at=timezone.now()
        )
        item.status = EvidenceItem.Status.SUBMITTED
        item.revision += 1
        item.save(update_fields=["status", "revision", "updated_at"])
    return submission


def _judgement_rows(item: EvidenceItem, judgements: Mapping[str, str]) -> list[tuple[int, str]]:
    """Return (KSB id, judgement) for each mapped KSB, refusing any gap or stranger."""
    mapped = list(item.mappings.select_related("ksb").order_by("ksb__position"))
    errors = rules.refuse_judgements(
        mapped_codes=[mapping.ksb.code for mapping in mapped], judgements=judgements
    )
    if errors:
        raise ValidationError(errors)
    return [(mapping.ksb_id, judgements[mapping.ksb.code]) for mapping in mapped]


def _decide(
    *,
    item: EvidenceItem,
    decided_by: User,
    outcome: str,
    feedback: str = "",
    judgements: Mapping[str, str] | None = None,
    corrects: Decision | None = None,
    correction_reason: str = "",
) -> Decision:
    rows = _judgement_rows(item, judgements or {}) if outcome == Decision.Outcome.ASSESSED else []
    decision = Decision.objects.create(
        item=item,
        submission=item.submissions.order_by("-number").first(),
        outcome=outcome,
        feedback=feedback,
        decided_by=decided_by,
        decided_at=timezone.now(),
        corrects=corrects,
        correction_reason=correction_reason,
    )
    KsbJudgement.objects.bulk_create(
        KsbJudgement(decision=decision, ksb_id=ksb_id, judgement=judgement)
        for ksb_id, judgement in rows
    )
    item.current_decision = decision
    item.status = (
        EvidenceItem.Status.ASSESSED
        if outcome == Decision.Outcome.ASSESSED
        else EvidenceItem.Status.RETURNED
    )
    item.revision += 1
    item.save(update_fields=["current_decision", "status", "revision", "updated_at"])
    ksb_coverage_refresh(apprenticeship=item.apprenticeship)
    caseload_summary_refresh(apprenticeship=item.apprenticeship)
    return decision


def evidence_assess(
    *, item: EvidenceItem, assessed_by: User, judgements: Mapping[str, str], feedback: str = ""
) -> Decision:
    """Judge each mapped KSB of a submitted item "working towards" or "secure".

    `judgements` maps each mapped KSB's code to "working_towards" or "secure".
    """
    access.require_can_assess(assessed_by, item.apprenticeship)
    with transaction.atomic():
        item = _locked(item)
        refusal = rules.refuse_decision(item.status)
        if refusal:
            raise ValidationError({"status": refusal})
        return _decide(
            item=item,
            decided_by=assessed_by,
            outcome=Decision.Outcome.ASSESSED,
            feedback=feedback.strip(),
            judgements=judgements,
        )


def evidence_return(*, item: EvidenceItem, returned_by: User, feedback: str) -> Decision:
    """Return a submitted item to be improved, saying what to improve."""
    access.require_can_assess(returned_by, item.apprenticeship)
    feedback = feedback.strip()
    if not feedback:
        raise ValidationError(
            {"feedback": "Say what to improve, so that the item can be resubmitted."}
        )
    with transaction.atomic():
        item = _locked(item)
        refusal = rules.refuse_decision(item.status)
        if refusal:
            raise ValidationError({"status": refusal})
        return _decide(
            item=item, decided_by=returned_by, outcome=Decision.Outcome.RETURNED, feedback=feedback
        )


def evidence_decision_correct(
    *,
    decision: Decision,
    corrected_by: User,
    reason: str,
    outcome: str,
    judgements: Mapping[str, str] | None = None,
    feedback: str = "",
) -> Decision:
    """Correct the decision that stands on an item with a newer one, giving the reason.

    Only the item's current decision can be corrected, and only while the item has not moved
    on (not resubmitted or reopened since).
    """
    item = decision.item
    access.require_can_assess(corrected_by, item.apprenticeship)
    reason = reason.strip()
    feedback = feedback.strip()
    errors = {}
    if not reason:
        errors["reason"] = "Say why the earlier decision was wrong."
    if outcome not in Decision.Outcome.values:
        errors["outcome"] = "Choose “assessed” or “returned with feedback”."
    elif outcome == Decision.Outcome.RETURNED and not feedback:
        errors["feedback"] = "Say what to improve, so that the item can be resubmitted."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = _locked(item)
        if item.current_decision_id != decision.pk or item.status not in (
            EvidenceItem.Status.ASSESSED,
            EvidenceItem.Status.RETURNED,
        ):
            raise ValidationError(
                {
                    "status": "Only the decision that stands on the item can be corrected, and "
                    "this one has been replaced or the item has moved on."
                }
            )
        return _decide(
            item=item,
            decided_by=corrected_by,
            outcome=outcome,
            feedback=feedback,
            judgements=judgements,
            corrects=decision,
            correction_reason=reason,
        )
