"""Checking an upload against the evidence allow-list before anything is stored."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from trellis.portfolio import files


def check_upload(upload: UploadedFile, *, field: str = "file") -> None:
    """Raise ValidationError naming the field if the upload is not an accepted file: its
    name on the allow-list, its content what the name says, within the size limit."""
    upload.seek(0)
    head = upload.read(files.HEAD_BYTES)
    upload.seek(0)
    refusal = files.refuse_upload(
        name=upload.name or "",
        size=upload.size or 0,
        head=head,
        max_mb=settings.EVIDENCE_MAX_UPLOAD_MB,
    )
    if refusal:
        raise ValidationError({field: refusal})


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
