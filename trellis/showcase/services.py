"""Writes to the Showcase: save a section, and submit the whole for gateway as a frozen
snapshot (every word kept in `content`, the PDF rendered once, the files pinned)."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Prefetch, prefetch_related_objects
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party, party_of
from trellis.organisations.models import User
from trellis.portfolio.models import EvidenceFile, EvidenceItem, EvidenceKsb, KsbJudgement
from trellis.showcase import rules, selectors
from trellis.showcase.models import (
    Showcase,
    ShowcaseSection,
    ShowcaseSnapshot,
    ShowcaseSnapshotFile,
)
from trellis.showcase.pdf import render_pdf
from trellis.wording import day_label

# From the gateway submission on, the EPAO assesses the Showcase as it was frozen then.
FROZEN_STATUSES = (
    Apprenticeship.Status.GATEWAY,
    Apprenticeship.Status.IN_EPA,
    Apprenticeship.Status.COMPLETED,
)
FROZEN_MESSAGE = (
    "The Showcase is frozen: it went to the end-point assessment organisation with the "
    "gateway submission. It opens again only if the gateway is returned."
)


def is_frozen(apprenticeship: Apprenticeship) -> bool:
    return apprenticeship.status in FROZEN_STATUSES


def can_write(user: User, apprenticeship: Apprenticeship) -> bool:
    """Tell whether this person writes the Showcase: the apprentice alone, until gateway;
    others read it."""
    return party_of(user, apprenticeship) == Party.APPRENTICE and not is_frozen(apprenticeship)


def require_can_write(user: User, apprenticeship: Apprenticeship) -> None:
    if party_of(user, apprenticeship) != Party.APPRENTICE:
        raise PermissionDenied("Only the apprentice writes and submits their Showcase.")
    if is_frozen(apprenticeship):
        raise PermissionDenied(FROZEN_MESSAGE)


def _showcase_locked(apprenticeship: Apprenticeship) -> Showcase:
    """Return the apprenticeship's Showcase under a row lock, made on first use."""
    showcase, _ = Showcase.objects.get_or_create(apprenticeship=apprenticeship)
    return Showcase.objects.select_for_update().get(pk=showcase.pk)


@dataclass(frozen=True)
class SectionInput:
    """What one section is to hold. `revision` is the section's revision when the person
    opened it (0 for a section never saved)."""

    key: str
    narrative: str
    evidence: Sequence[EvidenceItem]
    revision: int


def _refuse_evidence(
    apprenticeship: Apprenticeship,
    definition: rules.SectionDefinition,
    evidence: Sequence[EvidenceItem],
    secure: dict[int, set[str]],
) -> list[str]:
    errors = []
    for item in evidence:
        if item.apprenticeship_id != apprenticeship.pk:
            errors.append(f"“{item.title}” is not evidence of this apprenticeship.")
        elif item.status != EvidenceItem.Status.ASSESSED:
            errors.append(
                f"“{item.title}” is {item.get_status_display().lower()}: pick assessed evidence."
            )
        elif not secure.get(item.pk, set()) & set(definition.ksb_codes):
            errors.append(
                f"“{item.title}” is not secure for "
                f"{' or '.join(definition.ksb_codes)}: pick evidence judged secure for this "
                "section."
            )
    return errors


def showcase_sections_save(
    *, apprenticeship: Apprenticeship, sections: Sequence[SectionInput], saved_by: User
) -> list[ShowcaseSection]:
    """Save sections' picked evidence and narratives, all or none.

    A revision other than the section's current one means someone saved it since it was
    opened, and nothing is saved.
    """
    require_can_write(saved_by, apprenticeship)
    definitions = {
        section.key: section for section in selectors.section_definitions(apprenticeship)
    }
    with transaction.atomic():
        showcase = _showcase_locked(apprenticeship)
        # Read under the lock, so that what is checked is what is saved.
        secure = selectors.secure_codes_by_item(apprenticeship)
        stored = {section.key: section for section in showcase.sections.all()}
        errors: dict[str, list[str]] = {}
        for wanted in sections:
            definition = definitions.get(wanted.key)
            if definition is None:
                errors.setdefault("key", []).append(f"The Showcase has no section “{wanted.key}”.")
                continue
            refused = _refuse_evidence(apprenticeship, definition, wanted.evidence, secure)
            if refused:
                errors.setdefault("evidence", []).extend(refused)
            section = stored.get(wanted.key)
            if wanted.revision != (section.revision if section else 0):
                errors.setdefault("revision", []).append(
                    "This section was saved elsewhere since you opened it. Open it again to "
                    "see the latest version, then make your change."
                )
        if errors:
            raise ValidationError(errors)
        saved = []
        for wanted in sections:
            section = stored.get(wanted.key)
            if section is None:
                section = ShowcaseSection(showcase=showcase, key=wanted.key, revision=1)
            else:
                section.revision += 1
            section.narrative = wanted.narrative.strip()
            section.save()
            section.evidence.set(wanted.evidence)
            saved.append(section)
        showcase.save(update_fields=["updated_at"])
    return saved


def showcase_section_save(
    *,
    apprenticeship: Apprenticeship,
    key: str,
    narrative: str,
    evidence: Sequence[EvidenceItem],
    revision: int,
    saved_by: User,
) -> ShowcaseSection:
    """Save one section's picked evidence and narrative (see showcase_sections_save)."""
    (section,) = showcase_sections_save(
        apprenticeship=apprenticeship,
        sections=[SectionInput(key=key, narrative=narrative, evidence=evidence, revision=revision)],
        saved_by=saved_by,
    )
    return section


def _missing_everywhere(state: selectors.ShowcaseState) -> list[str]:
    return [
        f"{section.title}: {'; '.join(section.missing)}."
        for section in state.sections
        if section.missing
    ]


def _judgements(item: EvidenceItem) -> dict:
    decision = item.current_decision
    return {
        "decided_by": decision.decided_by.full_name,
        "decided_at": decision.decided_at.isoformat(),
        "decided_on": day_label(timezone.localdate(decision.decided_at)),
        "feedback": decision.feedback,
        "correction_reason": decision.correction_reason,
        "judgements": [
            {"code": judgement.ksb.code, "judgement": judgement.get_judgement_display()}
            for judgement in decision.judgements.all()
        ],
    }


def _content(
    apprenticeship: Apprenticeship, state: selectors.ShowcaseState, submitted_at, number: int
) -> tuple[dict, list[tuple[str, object]]]:
    """Return every word the snapshot keeps, and the (archive name, file) pairs it pins."""
    version = apprenticeship.standard_version
    sections = []
    pinned: list[tuple[str, object]] = []
    loaded = EvidenceItem.objects.select_related("current_decision__decided_by").in_bulk(
        {item.pk for section in state.sections for item in section.picked}
    )
    prefetch_related_objects(
        list(loaded.values()),
        Prefetch("mappings", queryset=EvidenceKsb.objects.select_related("ksb")),
        Prefetch("files", queryset=EvidenceFile.objects.order_by("uploaded_at", "pk")),
        Prefetch(
            "current_decision__judgements",
            queryset=KsbJudgement.objects.select_related("ksb").order_by("ksb__position"),
        ),
    )
    for section in state.sections:
        items = []
        item_files = []
        for picked in sorted(section.picked, key=lambda picked: (picked.occurred_on, picked.pk)):
            item = loaded[picked.pk]
            files = [file for file in item.files.all() if file.removed_at is None]
            item_files.append((item, files))
        names = iter(
            rules.archive_names(
                (section.key, file.original_name) for _, files in item_files for file in files
            )
        )
        for item, files in item_files:
            file_rows = []
            for file in files:
                archive_name = next(names)
                pinned.append((archive_name, file))
                file_rows.append(
                    {
                        "archive_name": archive_name,
                        "original_name": file.original_name,
                        "size": file.size,
                        "sha256": file.sha256,
                    }
                )
            items.append(
                {
                    "id": item.pk,
                    "title": item.title,
                    "kind": item.get_kind_display(),
                    "date": item.occurred_on.isoformat(),
                    "date_label": day_label(item.occurred_on),
                    "body": item.body,
                    "witness": ", ".join(
                        part for part in (item.witness_name, item.witness_role) if part
                    ),
                    "mappings": [
                        {"code": mapping.ksb.code, "justification": mapping.justification}
                        for mapping in item.mappings.all()
                    ],
                    "decision": _judgements(item),
                    "files": file_rows,
                }
            )
        sections.append(
            {
                "key": section.key,
                "title": section.title,
                "ksbs": [{"code": ksb.code, "statement": ksb.statement} for ksb in section.ksbs],
                "narrative": section.narrative,
                "items": items,
            }
        )
    content = {
        "number": number,
        "apprentice": apprenticeship.apprentice.full_name,
        "standard": {
            "reference": version.standard.reference,
            "title": version.standard.title,
            "level": version.standard.level,
            "version": version.version,
        },
        "submitted_at": submitted_at.isoformat(),
        "submitted_on": day_label(timezone.localdate(submitted_at)),
        "sections": sections,
    }
    return content, pinned


def showcase_submit(*, apprenticeship: Apprenticeship, submitted_by: User) -> ShowcaseSnapshot:
    """Freeze the Showcase for gateway as the next snapshot, refusing while anything is
    missing (every missing section is named)."""
    require_can_write(submitted_by, apprenticeship)
    return _freeze(apprenticeship, submitted_by, require_complete=True)


def showcase_freeze_for_gateway(
    *, apprenticeship: Apprenticeship, submitted_by: User
) -> ShowcaseSnapshot:
    """Freeze the Showcase as it stands when the gateway goes to the EPAO. The gateway's own
    rules decide whether it may go (a provider admin may override an incomplete Showcase), so
    nothing is refused here."""
    return _freeze(apprenticeship, submitted_by, require_complete=False)


def _freeze(
    apprenticeship: Apprenticeship, submitted_by: User, *, require_complete: bool
) -> ShowcaseSnapshot:
    with transaction.atomic():
        showcase = _showcase_locked(apprenticeship)
        state = selectors.showcase_state(apprenticeship)
        missing = _missing_everywhere(state)
        if missing and require_complete:
            raise ValidationError({"sections": missing})
        number = (showcase.snapshots.aggregate(last=Max("number"))["last"] or 0) + 1
        submitted_at = timezone.now()
        content, pinned = _content(apprenticeship, state, submitted_at, number)
        pdf_bytes = render_pdf(content)
        snapshot = ShowcaseSnapshot(
            showcase=showcase,
            number=number,
            submitted_by=submitted_by,
            submitted_at=submitted_at,
            content=content,
            pdf_sha256=hashlib.sha256(pdf_bytes).hexdigest(),
        )
        snapshot.pdf.save(
            f"showcase-{apprenticeship.pk}-{number}.pdf", ContentFile(pdf_bytes), save=False
        )
        try:
            snapshot.save()
            ShowcaseSnapshotFile.objects.bulk_create(
                ShowcaseSnapshotFile(snapshot=snapshot, evidence_file=file, archive_name=name)
                for name, file in pinned
            )
        except Exception:
            # Nothing half-written: the rendered PDF goes with the rows that failed.
            snapshot.pdf.storage.delete(snapshot.pdf.name)
            raise
    return snapshot
