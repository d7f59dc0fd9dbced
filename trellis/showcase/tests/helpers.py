"""Building Showcases in tests: secure evidence with files, and every section filled in."""

import hashlib
import io
import zipfile

from django.core.files.base import ContentFile
from django.utils import timezone

from trellis.portfolio.models import EvidenceFile, EvidenceItem
from trellis.showcase import selectors
from trellis.showcase.services import showcase_section_save
from trellis.testing.portfolio_factories import evidence_in_state

NARRATIVE = "This observation shows how I plan a session around the learner's own goals."


def attach_file(
    item: EvidenceItem, name: str = "session plan.pdf", data: bytes = b""
) -> EvidenceFile:
    """Keep a stored file with the item, as an upload would, whatever the item's state."""
    data = data or f"%PDF-1.4 {item.title} {name}".encode()
    evidence_file = EvidenceFile(
        item=item,
        original_name=name,
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=item.apprenticeship.apprentice,
        uploaded_at=timezone.now(),
    )
    evidence_file.file.save(name, ContentFile(data), save=False)
    evidence_file.save()
    return evidence_file


def secure_item(apprenticeship, codes, **fields) -> EvidenceItem:
    return evidence_in_state(
        apprenticeship,
        status="assessed",
        judgements=dict.fromkeys(codes, "secure"),
        **fields,
    )


def fill_section(apprenticeship, key, items, narrative=NARRATIVE):
    state = selectors.section_state(apprenticeship, key)
    return showcase_section_save(
        apprenticeship=apprenticeship,
        key=key,
        narrative=narrative,
        evidence=items,
        revision=state.revision,
        saved_by=apprenticeship.apprentice,
    )


def complete_showcase(apprenticeship, *, leave_out: str | None = None) -> dict[str, EvidenceItem]:
    """Fill every section with one secure item (with a file) and a narrative."""
    items = {}
    for definition in selectors.section_definitions(apprenticeship):
        item = secure_item(
            apprenticeship, list(definition.ksb_codes), title=f"Evidence for {definition.key}"
        )
        attach_file(item)
        items[definition.key] = item
        if definition.key != leave_out:
            fill_section(apprenticeship, definition.key, [item])
    return items


def zip_listing(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def streamed(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content
