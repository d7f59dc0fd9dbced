"""Downloads of a frozen Showcase: the PDF, and a zip of the PDF with every file it lists.

Every byte shipped is checked against the checksum kept when the Showcase was submitted, so
that a file changed in storage is never handed to an assessor as if it were the original.
"""

import hashlib
import logging
import zipfile

from django.http import Http404, HttpResponse, StreamingHttpResponse

from trellis.apprenticeships.models import Apprenticeship
from trellis.showcase.models import ShowcaseSnapshot

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024


class ChangedFileError(Exception):
    """A stored file no longer has the checksum it had when the Showcase was submitted."""


def get_snapshot(apprenticeship: Apprenticeship, number: int) -> ShowcaseSnapshot:
    snapshot = (
        ShowcaseSnapshot.objects.filter(showcase__apprenticeship=apprenticeship, number=number)
        .select_related("submitted_by")
        .first()
    )
    if snapshot is None:
        raise Http404("No such Showcase snapshot.")
    return snapshot


def _sha256(field_file) -> str:
    digest = hashlib.sha256()
    with field_file.storage.open(field_file.name, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _entries(snapshot: ShowcaseSnapshot) -> list[tuple[str, object, str]]:
    """Return (archive name, stored file, expected sha256) for everything the zip holds."""
    entries = [("showcase.pdf", snapshot.pdf, snapshot.pdf_sha256)]
    for row in snapshot.files.select_related("evidence_file").order_by("archive_name"):
        entries.append((row.archive_name, row.evidence_file.file, row.evidence_file.sha256))
    return entries


def changed_files(snapshot: ShowcaseSnapshot) -> list[str]:
    """Return the archive names whose stored bytes are missing or no longer match."""
    changed = []
    for name, field_file, expected in _entries(snapshot):
        try:
            actual = _sha256(field_file)
        except OSError:
            actual = None
        if actual != expected:
            changed.append(name)
    return changed


def _refusal(snapshot: ShowcaseSnapshot, changed: list[str]) -> HttpResponse:
    logger.error(
        "Showcase snapshot %s: stored files no longer match: %s", snapshot.pk, ", ".join(changed)
    )
    return HttpResponse(
        "This Showcase cannot be downloaded: these files no longer match what was submitted: "
        f"{', '.join(changed)}. Nothing was sent. Tell the training provider so that the files "
        "can be restored from a backup.",
        status=500,
        content_type="text/plain; charset=utf-8",
    )


def pdf_response(snapshot: ShowcaseSnapshot) -> HttpResponse:
    with snapshot.pdf.storage.open(snapshot.pdf.name, "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != snapshot.pdf_sha256:
        return _refusal(snapshot, ["showcase.pdf"])
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_base_name(snapshot)}.pdf"'
    return response


def _base_name(snapshot: ShowcaseSnapshot) -> str:
    return f"showcase-{snapshot.showcase.apprenticeship_id}-{snapshot.number}"


class _Pipe:
    """A write-only file for zipfile that hands over what was written as chunks."""

    def __init__(self):
        self.chunks: list[bytes] = []
        self.position = 0

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def _zip_stream(entries):
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, field_file, expected in entries:
            digest = hashlib.sha256()
            with (
                field_file.storage.open(field_file.name, "rb") as source,
                archive.open(name, "w", force_zip64=True) as target,
            ):
                for chunk in iter(lambda: source.read(CHUNK), b""):
                    digest.update(chunk)
                    target.write(chunk)
                    if pipe.chunks:
                        yield pipe.drain()
            if digest.hexdigest() != expected:
                # Changed since the check before streaming began: stop, leaving a broken zip
                # rather than a complete one holding a changed file.
                raise ChangedFileError(name)
            yield pipe.drain()
    yield pipe.drain()


def zip_response(snapshot: ShowcaseSnapshot) -> HttpResponse:
    changed = changed_files(snapshot)
    if changed:
        return _refusal(snapshot, changed)
    response = StreamingHttpResponse(
        _zip_stream(_entries(snapshot)), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="{_base_name(snapshot)}.zip"'
    return response
